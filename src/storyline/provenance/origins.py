"""Origins: the independent first-hand sources behind each claim.

Every mention of a claim is traced back, in this order:

1. a re-report — the mention's article copies, paraphrases or translates an article
   that also carries the claim: the origin is that mention's origin;
2. a citation — the mention's sentence cites an outlet (or the claim's attribution
   names an outlet as speaker, or as ``via``): if an article of that outlet's family
   carries the claim, the origin is that mention's origin (so A cites B cites C ends
   at C); otherwise it is the cited outlet (with whatever source it quoted: one
   anonymous source relayed by three outlets is one origin);
3. a wire credit ("(AP)", "— Reuters"): the wire;
4. otherwise the article's own outlet: it reported the claim first-hand.

Origins are counted per publisher family, so an edition, desk or sister channel is
not an independent source. ``independent_sources`` is the number of origins and
``status`` is "corroborated" with at least two, else "single-source" ("disputed" is
the compare stage's, and is kept).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from storyline.records import Claim, Mention


@dataclass(frozen=True)
class ArticleFacts:
    """What origin tracing needs to know about one article."""

    outlet: str  # display name (registry name when known)
    family: str  # publisher family key
    credit: tuple[str, str] | None = None  # (wire name, wire family) from a wire credit
    cites: tuple[tuple[int, int, str, str], ...] = ()  # (start, end, outlet, family) of cited sentences
    sources: frozenset[str] = field(default_factory=frozenset)  # articles it re-reports (copies, ...)


def _cited_in(facts: ArticleFacts, m: Mention) -> tuple[str, str] | None:
    for start, end, outlet, fam in facts.cites:
        if start < max(m.end, m.start + 1) and m.start < end:
            return outlet, fam
    return None


def _nearest_holder(
    aid: str, facts: dict[str, ArticleFacts], holders: dict[str, Mention], seen: frozenset[str]
) -> str | None:
    """The closest article up ``aid``'s chain of re-reports that carries the claim.

    Breadth-first over ``sources`` so a translation of a paraphrase still reaches the
    original when the middle article left this claim out.
    """
    frontier = sorted(facts[aid].sources)
    visited = {aid}
    while frontier:
        nxt: list[str] = []
        for src in frontier:
            if src in visited or src not in facts:
                continue
            visited.add(src)
            if src in holders and src not in seen:
                return src
            nxt.extend(sorted(facts[src].sources))
        frontier = nxt
    return None


def cited_outlet(
    facts: ArticleFacts, m: Mention, speaker_outlet: Callable[[Mention], tuple[str, str] | None]
) -> tuple[str, str] | None:
    """The other outlet a mention is attributed to: cited in its sentence, or its attribution's outlet."""
    cited = _cited_in(facts, m) or speaker_outlet(m)
    return cited if cited is not None and cited[1] != facts.family else None


def claim_origins(
    claim: Claim,
    facts: dict[str, ArticleFacts],
    speaker_outlet: Callable[[Mention], tuple[str, str] | None],
) -> list[tuple[str, str]]:
    """``(name, family)`` of each distinct origin of ``claim``, in mention order."""
    by_article: dict[str, Mention] = {}
    for m in claim.mentions:
        by_article.setdefault(m.article_id, m)
    by_family: dict[str, list[str]] = {}
    for aid in by_article:
        f = facts.get(aid)
        if f is not None:
            by_family.setdefault(f.family, []).append(aid)

    memo: dict[str, tuple[str, str]] = {}

    def trace(aid: str, seen: frozenset[str]) -> tuple[str, str]:
        if aid in memo:
            return memo[aid]
        f = facts[aid]
        m = by_article[aid]
        seen = seen | {aid}
        result: tuple[str, str] | None = None
        src = _nearest_holder(aid, facts, by_article, seen)
        if src is not None:
            result = trace(src, seen)
        if result is None:
            cited = cited_outlet(f, m, speaker_outlet)
            if cited is not None:
                holders = [a for a in by_family.get(cited[1], []) if a not in seen]
                result = trace(holders[0], seen) if holders else cited
        if result is None and f.credit is not None:
            result = f.credit
        if result is None:
            result = (f.outlet, f.family)
        memo[aid] = result
        return result

    out: list[tuple[str, str]] = []
    fams: set[str] = set()
    for aid in by_article:
        if aid not in facts:
            continue
        name, fam = trace(aid, frozenset())
        if fam not in fams:
            fams.add(fam)
            out.append((name, fam))
    return out


def with_counts(
    claims: Sequence[Claim],
    facts: dict[str, ArticleFacts],
    speaker_outlet: Callable[[Mention], tuple[str, str] | None],
) -> list[Claim]:
    """Claims with ``outlets``, ``origins``, ``independent_sources`` and ``status`` filled."""
    out: list[Claim] = []
    for c in claims:
        outlets: list[str] = []
        for m in c.mentions:
            f = facts.get(m.article_id)
            name = f.outlet if f is not None else (m.outlet or m.article_id)
            if name not in outlets:
                outlets.append(name)
        origins = [name for name, _ in claim_origins(c, facts, speaker_outlet)]
        n = len(origins)
        status = c.status if c.status == "disputed" else ("corroborated" if n >= 2 else "single-source")
        out.append(
            replace(c, outlets=tuple(outlets), origins=tuple(origins), independent_sources=n, status=status)
        )
    return out


__all__ = ["ArticleFacts", "cited_outlet", "claim_origins", "with_counts"]
