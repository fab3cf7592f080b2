"""One builder per briefing section; each returns candidate sentences, not yet checked.

Every builder quotes source sentences verbatim (clipped to ``max_words``) inside
a frame from :mod:`.frames`, and cites the sentences it quotes. Which
sentences and in what order is decided here; whether a sentence may be shown
is decided later by :mod:`.support`.

Sections: ``what-happened`` (corroborated, best sourced first),
``single-source`` (labelled, origin named), ``disputed`` (both accounts of a
contradiction, each with its outlets), ``who-said-what`` (the most quoted named
speakers plus unnamed sources), ``timeline`` (sentences holding a resolved date,
by date), ``coverage`` (omissions, and what each outlet leads with) and
``what-changed`` (new against the previous story of the storyline, updates,
changed positions).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from storyline.brief.context import BriefContext, names
from storyline.brief.disputes import disputes, side_sentences
from storyline.brief.frames import render
from storyline.brief.select import Group, Sourcing, dice, group_sentences, origin_name, rank_key
from storyline.brief.sentences import SourceSentence
from storyline.records import Attribution, BriefSentence, Position, Story, TimeExpression

NAMED_KINDS = ("person", "organization")
SAME_LEAD = 0.9  # Dice of content words at which two leads are the same sentence
NEW_AT_MOST = 3  # "new since the previous story" lines; the rest of the story is in the sections above


def _shown(
    ctx: BriefContext, pairs: Iterable[tuple[Group, Sourcing]], status: str
) -> list[tuple[Group, Sourcing]]:
    keep = [(g, s) for g, s in pairs if s.status == status and ctx.worth_showing(g.rep)]
    keep.sort(key=lambda gs: rank_key(gs[0], gs[1], ctx.order))
    return keep


def what_happened(ctx: BriefContext, story: Story) -> list[BriefSentence]:
    """Corroborated claims, most independent sources first."""
    out = []
    for g, src in _shown(ctx, ctx.story_groups(story), "corroborated")[: ctx.opts["max_per_section"]]:
        frame = "corroborated" if src.from_provenance else "corroborated-families"
        text = render(frame, ctx.content(g.rep.text), count=src.independent)
        out.append(ctx.sentence("what-happened", text, g.sentences))
    return out


def single_source(ctx: BriefContext, story: Story) -> list[BriefSentence]:
    """Claims with one independent source, labelled as such, earliest in their article first."""
    out = []
    full = ctx.full_names(story)
    for g, src in _shown(ctx, ctx.story_groups(story), "single-source")[: ctx.opts["max_per_section"]]:
        text = render(
            "single-source", ctx.content(g.rep.text), origin=origin_name(g, src, ctx.articles, full)
        )
        out.append(ctx.sentence("single-source", text, g.sentences))
    return out


def disputed(ctx: BriefContext, story_ids: set[str]) -> list[BriefSentence]:
    """Both sides of each dispute touching the stories, each line with its own outlets and citations."""
    out = []
    for one, other in disputes(ctx, story_ids)[: ctx.opts["max_per_section"]]:
        for frame, claims in (("disputed", one), ("disputed-other", other)):
            for sents in side_sentences(ctx, claims):
                outlets = sorted({o for o in (ctx.outlet(s.article_id) for s in sents) if o})
                text = render(frame, ctx.content(sents[0].text), outlets=names(outlets) or "unknown outlet")
                out.append(ctx.sentence("disputed", text, sents))
    return out


def _attribution_sentence(ctx: BriefContext, att: Attribution) -> SourceSentence | None:
    """The article's sentence(s) holding the attribution's ``sentence``, else those at its offsets."""
    found = ctx.index.find(att.article_id, att.sentence)
    if found is None and 0 <= att.start < att.end:
        found = ctx.index.around(att.article_id, att.start, att.end)
    return found


def who_said_what(
    ctx: BriefContext, story: Story, shown: AbstractSet[tuple[str, str]] = frozenset()
) -> list[BriefSentence]:
    """The most quoted named speakers, then unnamed sources, one statement each.

    ``shown`` holds (article id, sentence) pairs quoted by earlier sections: among a
    speaker's equally carried statements, one not shown yet is preferred.
    The quoted content is the attribution's own ``sentence`` field; its citation
    is the article sentence at the attribution's offsets, so a record that does
    not match its article fails the support check instead of being shown.
    """
    adjectives = ctx.adjective_speakers(story)
    said: list[tuple[str, str, Attribution, SourceSentence]] = []
    for aid in story.article_ids:
        for att in ctx.atts_by_article.get(aid, []):
            if att.speaker_kind not in (*NAMED_KINDS, "anonymous"):
                continue
            sent = _attribution_sentence(ctx, att)
            if sent is None or len(att.sentence.split()) < ctx.opts["min_words"]:
                continue
            name = (att.speaker or att.speaker_span or "").strip()
            if name.casefold() in adjectives and att.speaker_span:
                name = att.speaker_span.strip()
            kind = "anonymous" if att.speaker_kind == "anonymous" else "named"
            if not name or (kind == "named" and not any(w[:1].isupper() for w in name.split())):
                continue  # "his government" is not a name
            said.append((kind, name, att, sent))
    full = ctx.full_names(story)
    by_speaker: dict[tuple[str, str], list[tuple[Attribution, SourceSentence]]] = {}
    label: dict[tuple[str, str], str] = {}
    for kind, name, att, sent in said:
        display = full.get(name, name) if kind == "named" else name
        speaker_key = (kind, display.casefold())
        label.setdefault(speaker_key, display)
        by_speaker.setdefault(speaker_key, []).append((att, sent))

    def speaker_rank(
        item: tuple[tuple[str, str], list[tuple[Attribution, SourceSentence]]],
    ) -> tuple[Any, ...]:
        (_, key), quoted = item
        first = min((ctx.order.get(a.article_id, 0), s.start) for a, s in quoted)
        return (-len({a.article_id for a, _ in quoted}), first, key)

    named = sorted(((k, v) for k, v in by_speaker.items() if k[0] == "named"), key=speaker_rank)
    anonymous = sorted(((k, v) for k, v in by_speaker.items() if k[0] == "anonymous"), key=speaker_rank)
    n = ctx.opts["max_per_section"]
    n_anon = min(len(anonymous), max(1, n // 3)) if anonymous else 0
    chosen = named[: n - n_anon] + anonymous[: n - min(len(named), n - n_anon)]
    out = []
    for (kind, key), quotes in chosen:
        groups = group_sentences((([s], a) for a, s in quotes), ctx.order, ctx.opts["similar"])
        # the statement most outlets carry; then one not quoted above; then a direct quote
        best = min(
            groups,
            key=lambda g: (
                -len(g.article_ids()),
                (g.rep.article_id, g.rep.text) in shown,
                0 if any(p.kind == "direct" for p in g.payloads) else 1,
                ctx.order.get(g.rep.article_id, 0),
                g.rep.start,
            ),
        )
        att = next(p for p in best.payloads if p.article_id == best.rep.article_id)
        frame = "said-anonymous" if kind == "anonymous" else "said-named"
        speaker = label[(kind, key)]
        text = render(frame, ctx.content(att.sentence), speaker=speaker)
        out.append(ctx.sentence("who-said-what", text, best.sentences))
    return out


def _date_label(value: str) -> str:
    """``2026-03-02`` or ``2026-03-02 to 2026-03-08`` from a resolved value (times dropped)."""
    parts = [p[:10] for p in value.split("/") if p]
    return " to ".join(dict.fromkeys(parts))


def timeline(ctx: BriefContext, article_ids: Sequence[str], section: str = "timeline") -> list[BriefSentence]:
    """Sentences holding a resolved date, one per date (the one most outlets carry), by date.

    A sentence is shown once, under the earliest date it holds.
    """
    by_value: dict[str, list[tuple[list[SourceSentence], TimeExpression]]] = {}
    for t in (t for aid in dict.fromkeys(article_ids) for t in ctx.times_by_article.get(aid, [])):
        if not t.value or t.relative:
            continue
        sent = ctx.index.around(t.article_id, t.start, t.end)
        if sent is not None and ctx.worth_showing(sent):
            by_value.setdefault(_date_label(t.value), []).append(([sent], t))
    found = []
    used: set[tuple[str, int, int]] = set()  # a sentence holding two dates is shown under the earlier
    for label in sorted(by_value):
        groups = group_sentences(by_value[label], ctx.order, ctx.opts["similar"])
        groups.sort(key=lambda g: (-len(g.article_ids()), ctx.order.get(g.rep.article_id, 0), g.rep.start))
        best = next((g for g in groups if g.rep.key not in used), None)
        if best is not None:
            used.update(s.key for s in best.sentences)
            found.append((label, best))
    # the dates most reported when there are too many, shown in date order
    found.sort(key=lambda lg: (-len(lg[1].article_ids()), lg[0]))
    found = sorted(found[: 2 * ctx.opts["max_per_section"]], key=lambda lg: lg[0])
    return [
        ctx.sentence(section, render("timeline", ctx.content(best.rep.text), date=label), best.sentences)
        for label, best in found
    ]


def coverage(ctx: BriefContext, story: Story) -> list[BriefSentence]:
    """Omissions (what most outlets carry and some leave out), then each outlet's lead sentence."""
    out: list[BriefSentence] = []
    missing: dict[str, list[dict[str, Any]]] = {}
    for om in ctx.omissions_by_story.get(story.id, []):
        if om.get("claim_id") in ctx.claims_by_id:
            missing.setdefault(om["claim_id"], []).append(om)
    for cid in sorted(missing, key=lambda c: (-len(missing[c][0].get("carried_by", [])), c)):
        claim = ctx.claims_by_id[cid]
        sents = sorted(ctx.claim_sentences(claim), key=lambda s: (ctx.order.get(s.article_id, 0), s.start))
        if not sents:
            continue
        carried = names(missing[cid][0].get("carried_by", [])) or "other outlets"
        absent = names(sorted({str(om.get("outlet")) for om in missing[cid]}))
        text = render("omission", ctx.content(sents[0].text), carried=carried, missing=absent)
        out.append(ctx.sentence("coverage", text, sents))
        if len(out) >= ctx.opts["max_per_section"]:
            break
    first_by_outlet: dict[str, str] = {}
    for aid in sorted(story.article_ids, key=lambda a: ctx.order.get(a, 0)):
        outlet = ctx.outlet(aid)
        if outlet and outlet not in first_by_outlet:
            first_by_outlet[outlet] = aid
    if len(first_by_outlet) >= 2:
        firsts = [(ctx.index.first(aid), outlet) for outlet, aid in sorted(first_by_outlet.items())]
        items = [([lead], outlet) for lead, outlet in firsts if lead is not None and ctx.worth_showing(lead)]
        # outlets leading with the same sentence (a copy, a shared wire lead) share one line; a
        # paraphrase does not, as how each outlet words its lead is the point of this line
        for g in group_sentences(items, ctx.order, SAME_LEAD)[: ctx.opts["max_per_section"]]:
            outlets = sorted(set(g.payloads))
            if len(outlets) == 1:
                text = render("lead", ctx.content(g.rep.text), outlet=outlets[0])
            else:
                text = render("lead-shared", ctx.content(g.rep.text), outlets=names(outlets))
            out.append(ctx.sentence("coverage", text, g.sentences))
    return out


def _names_actor(ctx: BriefContext, sent: SourceSentence, actor: str) -> bool:
    """Whether the sentence shows the actor: by name, or by an attribution there resolved to them."""
    words = {w.casefold() for w in re.findall(r"\w{3,}", actor)}
    if words & {w.casefold() for w in re.findall(r"\w{3,}", sent.text)}:
        return True
    return any(
        a.speaker == actor and sent.start <= max(a.start, a.speaker_start) < sent.end
        for a in ctx.atts_by_article.get(sent.article_id, [])
    )


def _position_sentence(ctx: BriefContext, pos: Position) -> SourceSentence | None:
    """The first piece of a position's evidence found verbatim in its articles that shows its actor.

    A line "X on Y (stance)" quoting a sentence that neither names X nor is attributed
    to X could not be checked by a reader, so such evidence is not quoted.
    """
    for piece in pos.evidence.split(" | "):
        for aid in pos.article_ids:
            found = ctx.index.find(aid, piece)
            if found is not None and _names_actor(ctx, found, pos.actor):
                return found
    return None


def position_sentence(ctx: BriefContext, pos: Position, section: str, frame: str) -> BriefSentence | None:
    sent = _position_sentence(ctx, pos)
    if sent is None:
        return None
    text = render(
        frame,
        ctx.content(sent.text),
        actor=pos.actor,
        issue=pos.issue,
        stance=pos.stance,
        date=_date_label(pos.date) if pos.date else "undated",
    )
    return ctx.sentence(section, text, [sent])


def what_changed(ctx: BriefContext, story: Story, previous: Story | None) -> list[BriefSentence]:
    """Updates filed under the story, changed positions, and what is new since the previous story."""
    out: list[BriefSentence] = []
    for con in ctx.cons_by_story.get(story.id, []):
        if con.story_id != story.id or con.kind != "supersedes":
            continue
        later = [
            c
            for cid in con.claim_ids
            if (c := ctx.claims_by_id.get(cid)) is not None and c.story_id == story.id
        ]
        for claim in later[:1]:
            sents = sorted(
                ctx.claim_sentences(claim), key=lambda s: (ctx.order.get(s.article_id, 0), s.start)
            )
            if sents:
                out.append(ctx.sentence("what-changed", render("updated", ctx.content(sents[0].text)), sents))
    for pos in ctx.positions_by_story.get(story.id, []):
        if pos.changed:
            s = position_sentence(ctx, pos, "what-changed", "position-changed")
            if s is not None:
                out.append(s)
    if previous is not None:
        before = [g.words for g, _ in ctx.story_groups(previous)]
        fresh = [
            (g, src)
            for g, src in ctx.story_groups(story)
            if ctx.worth_showing(g.rep) and all(dice(g.words, w) < ctx.opts["similar"] for w in before)
        ]
        fresh.sort(key=lambda gs: rank_key(gs[0], gs[1], ctx.order))
        room = min(NEW_AT_MOST, ctx.opts["max_per_section"] - len(out))
        for g, _ in fresh[: max(0, room)]:
            out.append(ctx.sentence("what-changed", render("new", ctx.content(g.rep.text)), g.sentences))
    return out[: ctx.opts["max_per_section"]]


def story_sentences(ctx: BriefContext, story: Story, previous: Story | None) -> list[BriefSentence]:
    """All candidate sentences of a story's briefing, section by section."""
    first = [*what_happened(ctx, story), *single_source(ctx, story), *disputed(ctx, {story.id})]
    quoted = {(c.article_id, c.source_sentence) for s in first for c in s.citations}
    return [
        *first,
        *who_said_what(ctx, story, quoted),
        *timeline(ctx, story.article_ids),
        *coverage(ctx, story),
        *what_changed(ctx, story, previous),
    ]
