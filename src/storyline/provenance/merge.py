"""Claim alignment: one claim, several mentions, across articles and languages.

Within one story (never across stories, so the work stays linear in the number
of stories), every pair of claims from two different articles whose embedding
cosine passes a cheap pre-filter is scored by :mod:`storyline.provenance.align`
(screened in one batch per story; pairs the screen puts at or near the bar are scored
again one by one, so decisions and scores are the pair-by-pair ones);
accepted pairs are joined with a union-find. A merged claim keeps the id, text
and speaker of its earliest mention (stream order, then offset), so ids stay
stable and deterministic from run to run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from storyline.provenance.align import PairModel, read, read_features, screen
from storyline.records import Claim

# cosine below which a pair is not even scored: E5 puts unrelated news sentences near 0.78
PREFILTER = {"e5": 0.84, "hashing": 0.30}


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """Two claims of different articles judged to say the same thing."""

    a: str  # claim id
    b: str
    score: float
    cross_language: bool


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


# a screened score this close to the bar is scored again pair by pair (a batch and a single pair
# may round differently); an accepted pair's score is always the pair-by-pair one
_RECHECK = 1e-6


def align_story(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    language: dict[str, str | None],
    model: PairModel,
    cross: tuple[np.ndarray, float] | None = None,
) -> list[AlignedPair]:
    """Accepted pairs among one story's claims (rows of ``vectors`` follow ``claims``).

    ``cross``: other vectors of the same claims and their translation bar, for pairs across
    languages (a multilingual embedder's, when ``vectors`` come from a monolingual one that
    ``model`` was set for); without it, ``vectors`` and ``model.translate_cos`` serve both.
    """
    if len(claims) < 2:
        return []
    art = [c.mentions[0].article_id for c in claims]
    sims = vectors @ vectors.T
    floor = min(PREFILTER.get(model.embedder, 0.84), model.translate_cos)
    rows, cols = np.nonzero(np.triu(sims >= floor, k=1))
    # pairs from two articles, in row order; each claim's words read once for all its pairs
    article_no = {a: k for k, a in enumerate(dict.fromkeys(art))}
    of = np.array([article_no[a] for a in art])
    code = {lang: k for k, lang in enumerate(dict.fromkeys(language.get(a) or "" for a in art))}
    lang = np.array([code[language.get(a) or ""] for a in art])
    unknown = code.get("", -1)

    def across(r: np.ndarray, c: np.ndarray) -> np.ndarray:
        return (lang[r] != lang[c]) & (lang[r] != unknown) & (lang[c] != unknown)

    two = of[rows] != of[cols]
    rows, cols = rows[two], cols[two]
    cross_sims, translate = sims, model.translate_cos
    if cross is not None:
        cross_vectors, translate = cross
        cross_sims = cross_vectors @ cross_vectors.T
        keep = ~across(rows, cols)  # pairs across languages are found on the other vectors
        xr, xc = np.nonzero(np.triu(cross_sims >= translate, k=1))
        pick = (of[xr] != of[xc]) & across(xr, xc)
        rows, cols = np.concatenate([rows[keep], xr[pick]]), np.concatenate([cols[keep], xc[pick]])
        order = np.lexsort((cols, rows))  # row order, as one pass over one matrix gives
        rows, cols = rows[order], cols[order]
    cross_pair = across(rows, cols)
    reads = {
        i: read(claims[i].text)
        for i in np.unique(np.concatenate([rows[~cross_pair], cols[~cross_pair]])).tolist()
    }
    same = np.flatnonzero(~cross_pair)
    rough = np.ones(len(rows))
    rough[same] = screen(
        model,
        [(reads[i], reads[j]) for i, j in zip(rows[same].tolist(), cols[same].tolist(), strict=True)],
        sims[rows[same], cols[same]].astype(np.float64),
    )
    out: list[AlignedPair] = []
    for k in np.flatnonzero(cross_pair | (rough >= model.threshold - _RECHECK)).tolist():
        i, j = int(rows[k]), int(cols[k])
        if cross_pair[k]:
            cos = float(cross_sims[i, j])
            if cos >= translate:
                out.append(AlignedPair(claims[i].id, claims[j].id, cos, True))
            continue
        cos = float(sims[i, j])
        p = float(model.prob(read_features(reads[i], reads[j], cos)[None, :])[0])
        if p >= model.threshold:
            out.append(AlignedPair(claims[i].id, claims[j].id, p, False))
    return out


def merge_claims(claims: Sequence[Claim], pairs: Sequence[AlignedPair], rank: dict[str, int]) -> list[Claim]:
    """Claims joined along ``pairs``; ``rank`` is each article's stream position."""
    index = {c.id: i for i, c in enumerate(claims)}
    uf = _UnionFind(len(claims))
    for p in pairs:
        if p.a in index and p.b in index:
            uf.union(index[p.a], index[p.b])
    groups: dict[int, list[Claim]] = {}
    for i, c in enumerate(claims):
        groups.setdefault(uf.find(i), []).append(c)
    merged: list[Claim] = []
    for members in groups.values():
        members.sort(key=lambda c: (rank.get(c.mentions[0].article_id, 1 << 30), c.mentions[0].start, c.id))
        head = members[0]
        if len(members) == 1:
            merged.append(head)
            continue
        speaker = next((c for c in members if c.speaker and c.speaker_kind != "outlet"), head)
        mentions = tuple(m for c in members for m in c.mentions)
        merged.append(
            replace(head, mentions=mentions, speaker=speaker.speaker, speaker_kind=speaker.speaker_kind)
        )
    merged.sort(key=lambda c: (rank.get(c.mentions[0].article_id, 1 << 30), c.mentions[0].start, c.id))
    return merged


__all__ = ["PREFILTER", "AlignedPair", "align_story", "merge_claims"]
