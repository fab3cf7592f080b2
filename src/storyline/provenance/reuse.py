"""Text reuse between whole articles: ``paraphrases`` and ``translates`` edges.

Copies are the dedup stage's (MinHash); this module adds the re-reports MinHash
cannot see: an article most of whose claims align with one earlier article's
claims, in other words (``paraphrases``) or another language (``translates``).

Direction: the earlier article is the source — by publication date when both are
dated and differ, else by citation (the article that cites the other's outlet is
the later one), else by stream order. ``directed_by`` says which.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from storyline.provenance.merge import AlignedPair
from storyline.records import Article, Claim, ProvenanceEdge

MIN_SHARE = 0.5  # share of the later article's claims that must align with the source
MIN_ALIGNED = 2  # and at least this many of them


def direct(
    a: Article, b: Article, cited: dict[str, set[str]], family: dict[str, str], rank: dict[str, int]
) -> tuple[Article, Article, str]:
    """``(later, earlier, directed_by)`` for two articles."""
    if a.published and b.published and a.published[:19] != b.published[:19]:
        return (a, b, "date") if a.published > b.published else (b, a, "date")
    if family.get(b.id) in cited.get(a.id, set()):
        return a, b, "citation"
    if family.get(a.id) in cited.get(b.id, set()):
        return b, a, "citation"
    return (a, b, "order") if rank[a.id] > rank[b.id] else (b, a, "order")


def reuse_edges(
    claims: Sequence[Claim],
    pairs: Sequence[AlignedPair],
    articles: dict[str, Article],
    cited: dict[str, set[str]],
    family: dict[str, str],
    rank: dict[str, int],
    linked: set[frozenset[str]],
    cited_family: dict[str, str] | None = None,
) -> list[ProvenanceEdge]:
    """Edges for article pairs whose claims mostly align (``linked``: pairs already joined by copies).

    ``cited_family`` maps a claim id to the family of the outlet its sentence cites. Two
    articles relaying the same third outlet say the same thing because of that outlet,
    not because one re-reports the other, so such a pair is no evidence of reuse;
    a claim citing the *other* article's outlet is.
    """
    cited_family = cited_family or {}
    art_of = {c.id: c.mentions[0].article_id for c in claims}
    text_of = {c.id: c.text for c in claims}
    n_claims: dict[str, int] = defaultdict(int)
    for c in claims:
        n_claims[art_of[c.id]] += 1
    # for each unordered article pair: which claims of each side aligned, and the best pair
    aligned: dict[frozenset[str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    best: dict[frozenset[str], AlignedPair] = {}
    for p in pairs:
        x, y = art_of.get(p.a), art_of.get(p.b)
        if x is None or y is None or x == y:
            continue
        fa, fb = cited_family.get(p.a), cited_family.get(p.b)
        if (fa is not None and fa != family.get(y)) or (fb is not None and fb != family.get(x)):
            continue
        key = frozenset((x, y))
        aligned[key][x].add(p.a)
        aligned[key][y].add(p.b)
        if key not in best or p.score > best[key].score:
            best[key] = p
    edges: list[ProvenanceEdge] = []
    for key in sorted(aligned, key=lambda k: sorted(k)):
        if key in linked:
            continue
        x, y = sorted(key)
        later, earlier, why = direct(articles[x], articles[y], cited, family, rank)
        n = len(aligned[key][later.id])
        share = n / max(1, n_claims[later.id])
        if n < MIN_ALIGNED or share < MIN_SHARE:
            continue
        bp = best[key]
        la, lb = later.language, earlier.language
        relation = "translates" if bp.cross_language or (la and lb and la != lb) else "paraphrases"
        evidence = text_of[bp.a] if art_of[bp.a] == later.id else text_of[bp.b]
        edges.append(ProvenanceEdge(later.id, earlier.id, relation, evidence[:160], round(share, 4), why))
    return edges


__all__ = ["MIN_ALIGNED", "MIN_SHARE", "direct", "reuse_edges"]
