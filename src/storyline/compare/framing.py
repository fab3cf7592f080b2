"""How outlets and outlet groups frame the same story, reported as evidence, not a verdict.

Within one story each outlet (and each outlet group: country, kind, family from
the outlet registry as the cleaner stamped them on the article, plus
user-defined groups from ``config.stage("compare")["groups"]``) is contrasted
with the rest of the story's coverage:

* ``headline_words``: the content words of its headlines, with counts;
* ``distinctive``: words typical of it by weighted log-odds with an informative
  Dirichlet prior (background = the whole corpus), with z-scores and an example
  span (article id + character offsets) for each;
* ``voices``: shares of its attributions by speaker and by speaker kind;
* ``leads``: what each of its articles puts first (first sentence, first claim).

Shape of one entry of ``extras["framing"]``::

    {"story_id": str,
     "by_outlet": {outlet: UNIT},
     "by_group": {"country:XX" | "kind:state" | "family:F" | "group:<name>": UNIT}}
    UNIT = {"articles": int, "outlets": [str],
            "headline_words": [[word, count], ...],
            "distinctive": [{"term", "z", "count", "significant": z >= 1.96,
                             "example": {"article_id", "start", "end", "text"} | None}],
            "voices": {"attributions": int, "by_speaker": {name: share}, "by_kind": {kind: share}},
            "leads": [{"article_id", "sentence", "claim_id", "claim_text"}]}
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from storyline.compare.logodds import count, log_odds_z, tokens, top_terms
from storyline.records import Article, Attribution, Claim, Story

_FIRST_SENTENCE = re.compile(r"^.*?[.!?](?=\s|$)", re.S)


def article_groups(article: Article, user_groups: dict[str, Sequence[str]]) -> list[str]:
    """The group keys an article's outlet belongs to."""
    keys = []
    if article.outlet_country:
        keys.append(f"country:{article.outlet_country}")
    if article.outlet_kind and article.outlet_kind != "unknown":
        keys.append(f"kind:{article.outlet_kind}")
    if article.outlet_family and article.outlet_family != article.outlet:  # a family of one is the outlet
        keys.append(f"family:{article.outlet_family}")
    for name, members in user_groups.items():
        if article.outlet in members:
            keys.append(f"group:{name}")
    return keys


@lru_cache(maxsize=4096)
def _term_pattern(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.I)


def _example(term: str, arts: list[Article]) -> dict[str, Any] | None:
    pattern = _term_pattern(term)
    for a in arts:
        m = pattern.search(a.text)
        if m:
            lo = max(0, a.text.rfind("\n", 0, m.start()) + 1, m.start() - 80)
            hi = min(len(a.text), m.end() + 80)
            nl = a.text.find("\n", m.end())
            if nl != -1:
                hi = min(hi, nl)
            return {"article_id": a.id, "start": m.start(), "end": m.end(), "text": a.text[lo:hi]}
    return None


def _voices(atts: list[Attribution]) -> dict[str, Any]:
    n = len(atts)
    by_speaker = Counter(a.speaker or a.speaker_span or "(unnamed)" for a in atts)
    by_kind = Counter(a.speaker_kind for a in atts)
    return {
        "attributions": n,
        "by_speaker": {k: round(v / n, 3) for k, v in by_speaker.most_common()} if n else {},
        "by_kind": {k: round(v / n, 3) for k, v in by_kind.most_common()} if n else {},
    }


def _leads(arts: list[Article], first_claim: dict[str, Claim]) -> list[dict[str, Any]]:
    out = []
    for a in arts:
        m = _FIRST_SENTENCE.match(a.text.strip().split("\n", 1)[0] + " ")
        claim = first_claim.get(a.id)
        out.append(
            {
                "article_id": a.id,
                "sentence": (m.group(0) if m else a.text[:200]).strip(),
                "claim_id": claim.id if claim else None,
                "claim_text": claim.text if claim else None,
            }
        )
    return out


def _unit(
    arts: list[Article],
    counts: dict[str, Counter[str]],
    total: Counter[str],
    prior: Counter[str],
    atts: list[Attribution],
    first_claim: dict[str, Claim],
    k: int,
    prior_total: int | None = None,
) -> dict[str, Any]:
    # word counts of each article are taken once per story (``counts``); the rest of the
    # story is the story's total minus the focus, not a recount of every other article
    focus: Counter[str] = Counter()
    for a in arts:
        focus.update(counts[a.id])
    other = total - focus
    z = log_odds_z(focus, other, prior, prior_total=prior_total) if other else {}
    heads = Counter(w for a in arts for w in tokens(a.title))
    return {
        "articles": len(arts),
        "outlets": sorted({a.outlet or "" for a in arts} - {""}),
        "headline_words": [[w, c] for w, c in heads.most_common(k)],
        "distinctive": [
            {"term": w, "z": s, "count": c, "significant": s >= 1.96, "example": _example(w, arts)}
            for w, s, c in top_terms(z, focus, k)
        ],
        "voices": _voices(atts),
        "leads": _leads(arts, first_claim),
    }


def story_framing(
    story: Story,
    articles: dict[str, Article],
    attributions: Sequence[Attribution],
    claims: Sequence[Claim],
    prior: Counter[str],
    user_groups: dict[str, Sequence[str]] | None = None,
    k: int = 10,
    prior_total: int | None = None,
) -> dict[str, Any] | None:
    """The framing entry of one story, or None when it has fewer than two outlets.

    ``attributions`` may be the story's own or any superset; ``prior_total`` is
    ``sum(prior.values())`` when the caller has it (see :func:`.logodds.log_odds_z`).
    """
    arts = [articles[a] for a in story.article_ids if a in articles]
    by_outlet: dict[str, list[Article]] = {}
    for a in arts:
        by_outlet.setdefault(a.outlet or "(unknown outlet)", []).append(a)
    if len(by_outlet) < 2:
        return None
    ids = {a.id for a in arts}
    atts_by_article: dict[str, list[Attribution]] = {}
    for att in attributions:
        if att.article_id in ids:
            atts_by_article.setdefault(att.article_id, []).append(att)
    first_claim: dict[str, Claim] = {}
    best: dict[str, int] = {}
    for c in claims:
        for m in c.mentions:
            if m.article_id in ids and (m.article_id not in best or m.start < best[m.article_id]):
                best[m.article_id] = m.start
                first_claim[m.article_id] = c

    counts = {a.id: count([a.title + "\n" + a.text]) for a in arts}
    total: Counter[str] = Counter()
    for words in counts.values():
        total.update(words)

    def unit(members: list[Article]) -> dict[str, Any]:
        atts = [x for a in members for x in atts_by_article.get(a.id, [])]
        return _unit(members, counts, total, prior, atts, first_claim, k, prior_total)

    groups: dict[str, list[Article]] = {}
    for a in arts:
        for key in article_groups(a, user_groups or {}):
            groups.setdefault(key, []).append(a)
    # a group is only contrasted when the story has coverage outside it
    by_group = {key: unit(members) for key, members in sorted(groups.items()) if len(members) < len(arts)}
    return {
        "story_id": story.id,
        "by_outlet": {o: unit(members) for o, members in sorted(by_outlet.items())},
        "by_group": by_group,
    }
