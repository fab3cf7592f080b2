"""Stage ``compare``: contradictions, omissions, framing and actors' positions.

Fills ``Analysis.contradictions``, ``Analysis.positions``, sets ``Claim.status``
to ``"disputed"`` for claims in a contradiction other than ``supersedes``, and
adds ``extras["omissions"]`` (see :mod:`storyline.compare.omissions`) and
``extras["framing"]`` (see :mod:`storyline.compare.framing`).

Options (``[stages.compare]`` in storyline.toml): ``min_share`` (0.6) and
``min_outlets`` (3) for omissions, ``groups`` ({name: [outlet, ...]}) for
framing, ``min_issue_articles`` (2) for positions, ``cache_parses`` (true: keep the
parses in the store, so a later analysis parses only texts it has not seen).

Claim frames and statements come from a spaCy parse made here (the extract
stage's parse is of whole sentences, and parses only some of them): each
distinct text is parsed once and read at once (:mod:`storyline.compare.reading`).
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Iterable
from typing import Any

from storyline.compare.contradictions import ClaimInfo, find_contradictions
from storyline.compare.frames import with_entities
from storyline.compare.framing import story_framing
from storyline.compare.guards import dated_earlier
from storyline.compare.lexicon import load_lexicon, word_starts
from storyline.compare.logodds import count
from storyline.compare.omissions import claim_outlets, find_omissions
from storyline.compare.positions import REPORTED, SAID, SUBJECT, may_take_stance, storyline_positions
from storyline.compare.reading import FRAME, SENTENCES, Reader
from storyline.errors import ConfigError
from storyline.pipeline import StageContext
from storyline.records import Analysis, Article, Attribution, Claim, Contradiction, Position, Story, Storyline

log = logging.getLogger("storyline.compare")

_DEFAULTS: dict[str, Any] = {
    "min_share": 0.6,
    "min_outlets": 3,
    "groups": {},
    "min_issue_articles": 2,
    "cache_parses": True,
}


def options(raw: dict[str, Any]) -> dict[str, Any]:
    """The stage's options with defaults, checked; a bad one raises ConfigError naming it."""
    unknown = set(raw) - set(_DEFAULTS)
    if unknown:
        raise ConfigError(f"stages.compare: unknown option(s) {sorted(unknown)}; known: {sorted(_DEFAULTS)}")
    opts = {**_DEFAULTS, **raw}
    share = opts["min_share"]
    if not isinstance(share, (int, float)) or not 0 < share <= 1:
        raise ConfigError(f"stages.compare.min_share must be a number in (0, 1], not {share!r}")
    for key in ("min_outlets", "min_issue_articles"):
        if not isinstance(opts[key], int) or opts[key] < 1:
            raise ConfigError(f"stages.compare.{key} must be a positive integer, not {opts[key]!r}")
    if not isinstance(opts["cache_parses"], bool):
        raise ConfigError(f"stages.compare.cache_parses must be true or false, not {opts['cache_parses']!r}")
    groups = opts["groups"]
    if not isinstance(groups, dict) or not all(isinstance(v, (list, tuple)) for v in groups.values()):
        raise ConfigError("stages.compare.groups must be a table of group name = [outlet, ...]")
    return opts


MAX_WORDINGS = 4  # reports of one merged claim read for a denial, besides the first


def _said(c: Claim, atts: dict[str, Any]) -> list[str]:
    """The distinct wordings of a claim across its reports: the attribution's sentence (keeping
    the cue: "denied that ...") where there is one, else the mention's text."""
    wordings: list[str] = []
    for m in c.mentions or ():
        att = atts.get(m.attribution_id) if m.attribution_id else None
        wordings.append(att.sentence if att is not None and att.sentence else m.text or c.text)
    if not c.mentions:
        wordings.append(c.text)
    return list(dict.fromkeys(w for w in wordings if w))


def _wanted(
    claims: tuple[Claim, ...],
    said: list[list[str]],
    alts: list[bool],
    prior: Analysis,
    lines: list[Storyline],
) -> list[tuple[str, str]]:
    """Everything the stage will read, asked at once so each text is parsed once: claims'
    first wordings (frames), their other wordings where a denial may need them (frames; the
    first few also split into sentences), and the statements positions read: claims without
    a speaker, and attributions with a named speaker in storylines where a statement may
    take a stance (:func:`.positions.may_take_stance`)."""
    wants: list[tuple[str, str]] = []
    for c, ws, alt in zip(claims, said, alts, strict=True):
        wants.append((ws[0] if ws else c.text, FRAME))
        if alt:
            wants += [(w, SENTENCES) for w in ws[:MAX_WORDINGS]]
            wants += [(w, FRAME) for w in ws[1 : 1 + 2 * MAX_WORDINGS]]
    wants += [(c.text, need) for c in claims if c.speaker is None for need in (SUBJECT, REPORTED)]
    named: dict[str, list[str]] = {}
    for a in prior.attributions:
        if a.speaker and a.speaker_kind in ("person", "organization"):
            named.setdefault(a.article_id, []).append(a.text or a.sentence)
    plain: dict[str, list[str]] = {}
    for c in claims:
        if c.speaker is None and c.mentions:
            plain.setdefault(c.mentions[0].article_id, []).append(c.text)
    stories = {s.id: s for s in prior.stories}
    for line in lines:
        ids = [a for sid in line.story_ids if sid in stories for a in stories[sid].article_ids]
        texts = [t for a in ids for t in named.get(a, [])]
        if any(may_take_stance(t) for t in texts + [t for a in ids for t in plain.get(a, [])]):
            wants += [(t, SAID) for t in texts]
    return wants


def _need_alts(claims: tuple[Claim, ...], said: list[list[str]], stories: tuple[Story, ...]) -> list[bool]:
    """Per claim, whether its other wordings may matter: only to a denial, so only where a claim
    of its story or storyline may use a dispute verb (:func:`.lexicon.word_starts`)."""
    disputes = word_starts(load_lexicon().disputes)
    line_of = {s.id: s.storyline_id for s in stories if s.storyline_id}
    may: set[tuple[str, str | None]] = set()
    for c, ws in zip(claims, said, strict=True):
        if any(disputes.search(w.lower()) for w in [*ws, c.text]):
            may.add(("story", c.story_id))
            if line_of.get(c.story_id or ""):
                may.add(("line", line_of[c.story_id or ""]))
    return [("story", c.story_id) in may or ("line", line_of.get(c.story_id or "")) in may for c in claims]


def _claim_infos(
    claims: tuple[Claim, ...],
    said: list[list[str]],
    prior: Analysis,
    articles: dict[str, Article],
    reader: Reader,
    need_alts: list[bool] | None = None,
) -> list[ClaimInfo]:
    ents: dict[str, list[Any]] = {}
    for e in prior.entities:
        ents.setdefault(e.article_id, []).append(e)
    texts: list[str] = []
    extra: list[set[str]] = []
    alts: list[list[str]] = []
    for c, wordings, wanted in zip(claims, said, need_alts or [True] * len(claims), strict=True):
        names: set[str] = set()
        for mm in c.mentions:
            names |= {
                e.canonical or e.text for e in ents.get(mm.article_id, []) if mm.start <= e.start < mm.end
            }
        extra.append(names)
        texts.append(wordings[0] if wordings else c.text)
        if not wanted:  # no denial can read them
            alts.append([])
            continue
        # an attribution's sentence may run over several sentences: each is read on its own too
        # (only a sentence holding the claim's opening words: the others are its neighbours)
        head = " ".join(c.text.split()[:6])
        wordings += [
            sent
            for w in wordings[:MAX_WORDINGS]
            for sent in reader.get(w, SENTENCES)
            if sent not in wordings and (head in " ".join(sent.split()) or sent in c.text)
        ]
        alts.append(wordings[1 : 1 + 2 * MAX_WORDINGS])
    reader.read([(t, FRAME) for ts in alts for t in ts])  # the sentences split off above, in one pass
    infos = []
    outlet_of = {a.id: a.outlet or "" for a in articles.values()}
    for c, text, names, alt in zip(claims, texts, extra, alts, strict=True):
        dates = sorted(d for m in c.mentions if (d := getattr(articles.get(m.article_id), "published", None)))
        infos.append(
            ClaimInfo(
                c,
                with_entities(reader.get(text, FRAME), names),
                dates[0] if dates else None,
                dates[-1] if dates else None,
                tuple(sorted(claim_outlets(c, outlet_of))),
                tuple(reader.get(t, FRAME) for t in alt),
            )
        )
    return infos


def _contradictions(infos: list[ClaimInfo], stories: tuple[Story, ...]) -> list[Contradiction]:
    by_story: dict[str | None, list[ClaimInfo]] = {}
    for info in infos:
        by_story.setdefault(info.claim.story_id, []).append(info)
    found: list[Contradiction] = []
    for sid, group in by_story.items():
        found.extend(find_contradictions(group, sid))
    # across the stories of one storyline too: a later story updating or disputing an earlier one
    storyline_of = {s.id: s.storyline_id for s in stories if s.storyline_id}
    by_line: dict[str, list[ClaimInfo]] = {}
    for info in infos:
        line = storyline_of.get(info.claim.story_id or "")
        if line:
            by_line.setdefault(line, []).append(info)
    seen = {c.claim_ids for c in found}
    story_of = {i.claim.id: i.claim.story_id for i in infos}
    for group in by_line.values():
        for c in find_contradictions(group, None):
            earlier, later = (story_of[cid] for cid in c.claim_ids)
            if earlier != later and c.claim_ids not in seen:
                found.append(dataclasses.replace(c, story_id=later))  # filed under the later story
    return found


def _registry_stamped(articles: dict[str, Article], outlets_file: str | None) -> dict[str, Article]:
    """Articles missing their outlet's country and kind get them from the outlet registry.

    The cleaner stamps them at ingest; articles stored before their outlet was
    in the registry (or built by hand) are looked up here, for framing groups.
    """
    missing = [
        a for a in articles.values() if a.outlet and not a.outlet_country and a.outlet_kind == "unknown"
    ]
    if not missing:
        return articles
    from storyline.clean.outlets import OutletRegistry

    registry = OutletRegistry.load(outlets_file)
    out = dict(articles)
    for a in missing:
        o = registry.resolve(name=a.outlet, url=a.url)
        if o is not None:
            out[a.id] = dataclasses.replace(
                a,
                outlet_country=o.country,
                outlet_kind=o.kind,
                outlet_family=a.outlet_family or o.family or None,
            )
    return out


def corpus_words(articles: Iterable[Article]) -> Counter[str]:
    """The background word counts framing is measured against (titles and texts)."""
    return count(a.title + "\n" + a.text for a in articles)


def run(ctx: StageContext, prior: Analysis) -> Analysis:
    """Compare the stories' coverage across outlets; see the module docstring for what is filled."""
    opts = options(ctx.config.stage("compare"))
    articles = {a.id: a for a in ctx.articles}
    claims = prior.claims
    atts = {a.id: a for a in prior.attributions}
    said = [_said(c, atts) for c in claims]
    alts = _need_alts(claims, said, prior.stories)
    stories = {s.id: s for s in prior.stories}
    lines = list(prior.storylines)
    in_line = {s for line in lines for s in line.story_ids}
    lines += [Storyline("", s.title, (s.id,)) for s in prior.stories if s.id not in in_line]
    reader = Reader(ctx.store if opts["cache_parses"] else None)
    reader.read(_wanted(claims, said, alts, prior, lines))
    contradictions = (
        _contradictions(_claim_infos(claims, said, prior, articles, reader, alts), prior.stories)
        if claims
        else []
    )
    ctx.tick("compare", 1, 4)
    disputed = {cid for c in contradictions if c.kind != "supersedes" for cid in c.claim_ids}
    claims = tuple(dataclasses.replace(c, status="disputed") if c.id in disputed else c for c in claims)

    claims_by_story: dict[str | None, list[Claim]] = {}
    for c in claims:
        claims_by_story.setdefault(c.story_id, []).append(c)
    omissions: list[dict[str, Any]] = []
    framing: list[dict[str, Any]] = []
    background: Counter[str] = (
        ctx.corpus_words if ctx.corpus_words is not None else corpus_words(ctx.articles)
    )
    background_total = sum(background.values())
    grouped = _registry_stamped(articles, ctx.config.outlets_file)
    atts_of: dict[str, list[Attribution]] = {}
    for att in prior.attributions:
        atts_of.setdefault(att.article_id, []).append(att)
    for story in prior.stories:
        try:
            omissions.extend(
                find_omissions(
                    story, claims_by_story.get(story.id, []), articles, opts["min_share"], opts["min_outlets"]
                )
            )
            entry = story_framing(
                story,
                grouped,
                [x for aid in dict.fromkeys(story.article_ids) for x in atts_of.get(aid, [])],
                claims_by_story.get(story.id, []),
                background,
                opts["groups"],
                prior_total=background_total,
            )
        except (ValueError, KeyError, TypeError) as exc:  # one bad story never stops the batch
            log.warning("story %s: compare skipped (%s)", story.id, exc)
            continue
        if entry is not None:
            framing.append(entry)
    ctx.tick("compare", 3, 4)

    # a storyline's first story retells nothing; a later one may retell an earlier story's statements
    firsts: set[str] = set()
    for line in prior.storylines:
        known = [sid for sid in line.story_ids if sid in stories]
        if known:
            firsts.add(min(known, key=lambda sid: (stories[sid].first_seen or "", sid)))
    began = {
        a: s.first_seen
        for s in prior.stories
        if s.first_seen and s.storyline_id and s.id not in firsts
        for a in s.article_ids
    }
    retold = dated_earlier(prior.attributions, articles, prior.time_expressions, began)
    atts_by_article: dict[str, list[Any]] = {}
    for att in prior.attributions:
        if att.id not in retold:  # an earlier position retold in a later story is not its position then
            atts_by_article.setdefault(att.article_id, []).append(att)
    ents_by_article: dict[str, list[Any]] = {}
    for ent in prior.entities:
        ents_by_article.setdefault(ent.article_id, []).append(ent)
    claims_by_article: dict[str, list[Claim]] = {}
    for c in claims:
        if c.mentions:
            claims_by_article.setdefault(c.mentions[0].article_id, []).append(c)
    positions: list[Position] = []
    for line in lines:  # each storyline sees only its own statements
        ids = [a for sid in line.story_ids if sid in stories for a in stories[sid].article_ids]
        found = storyline_positions(
            line,
            stories,
            articles,
            [x for a in ids for x in atts_by_article.get(a, [])],
            [x for a in ids for x in claims_by_article.get(a, [])],
            [x for a in ids for x in ents_by_article.get(a, [])],
            opts["min_issue_articles"],
            reader,
        )
        positions.extend(p if line.id else dataclasses.replace(p, storyline_id=None) for p in found)
    ctx.tick("compare", 4, 4)
    extras = {**prior.extras, "omissions": omissions, "framing": framing}
    return dataclasses.replace(
        prior, claims=claims, contradictions=tuple(contradictions), positions=tuple(positions), extras=extras
    )
