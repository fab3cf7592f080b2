"""The dedup stage: exact and near copies, and paragraphs reused from an earlier article.

In stream order, each article queries a MinHash LSH index of the articles
before it (datasketch); every candidate is verified by the actual Jaccard of
the word-shingle sets, because LSH also returns pairs below the threshold.

* Near copy (document Jaccard ≥ ``threshold``): ``duplicate_of[later] = earliest``
  (the root of a chain of copies) and a provenance edge ``copies``.
* Reused paragraph (a long paragraph with Jaccard ≥ ``para_threshold`` to one of
  an earlier article's): a provenance edge ``copies`` whose evidence is the
  opening of the copied paragraph; one edge per (later, earlier) pair.

Memory is bounded by the live window, not the stream: the index keeps an
article's MinHash signatures (LSH) and its shingles as sorted 64-bit hashes
(never its text) only while it is within ``window_days`` of the newest date seen;
then it leaves the index, so a copy published later than that is not found.
An undated article takes the stream's date when it arrives (articles before the
first date take that date). Without dates, or with ``window_days = 0``, every
article stays. Signatures are read from the cache a chunk at a time.

Direction: the earlier article is the source. ``directed_by`` says why it is
earlier: ``"date"`` when both are dated and the dates differ, else ``"order"``
(stream order: the one that arrived first).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import UTC
from itertools import islice
from typing import Any

import numpy as np
from datasketch import MinHashLSH

from storyline.cluster.features import parse_when
from storyline.dedup.minhash import (
    DedupParams,
    article_tokens,
    jaccard_ids,
    lean,
    paragraphs,
    shingle_ids,
    shingles,
    signatures,
)
from storyline.errors import ConfigError
from storyline.records import Analysis, Article, ProvenanceEdge

EVIDENCE_CHARS = 160


def read_options(options: dict[str, Any]) -> DedupParams:
    """Typed, range-checked parameters from ``config.stage("dedup")``."""
    known = {f.name: f for f in fields(DedupParams)}
    unknown = set(options) - set(known)
    if unknown:
        raise ConfigError(f"stages.dedup: unknown option(s) {sorted(unknown)}; known: {sorted(known)}")
    p = DedupParams()
    for key, value in options.items():
        like = getattr(p, key)
        try:
            value = type(like)(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"stages.dedup.{key}: cannot read {value!r} as {type(like).__name__}") from exc
        if isinstance(like, float) and not 0.0 < value <= 1.0:
            raise ConfigError(f"stages.dedup.{key}: must be in (0, 1], got {value!r}")
        least = 0 if key == "window_days" else 1  # window_days = 0: no window, keep every article
        if isinstance(like, int) and value < least:
            raise ConfigError(f"stages.dedup.{key}: must be at least {least}, got {value!r}")
        p = replace(p, **{key: value})
    return p


def _direction(later: str | None, earlier: str | None) -> str:
    if later and earlier and later != earlier:
        return "date"
    return "order"


def _stamp(published: str | None) -> float | None:
    """Seconds since the epoch of an ISO date or date-time (naive = UTC); None when absent or unreadable."""
    when = parse_when(published)
    return None if when is None else when.replace(tzinfo=UTC).timestamp()


# Signatures are read (or computed and cached) this many articles at a time, so the
# stage never holds the whole stream's signatures at once.
SIGNATURE_CHUNK = 1000


def _with_signatures(articles: Iterable[Article], store: Any, p: DedupParams) -> Iterator[tuple[Article, np.ndarray]]:
    it = iter(articles)
    while chunk := list(islice(it, SIGNATURE_CHUNK)):
        yield from zip(chunk, signatures(chunk, store, p), strict=True)


@dataclass
class _Live:
    """What the index keeps of an article until it leaves the live window: no text, no Article."""

    published: str | None
    shingles: np.ndarray
    n_paras: int


class _Index:
    """MinHash LSH over the articles (and long paragraphs) of the live window, with the shingle hashes that verify."""

    def __init__(self, p: DedupParams) -> None:
        self.doc_lsh = MinHashLSH(threshold=p.threshold, num_perm=p.num_perm)
        self.para_lsh = MinHashLSH(threshold=p.para_threshold, num_perm=p.num_perm)
        self.live: dict[str, _Live] = {}
        self.para_sh: dict[str, tuple[str, np.ndarray]] = {}
        self.order: deque[tuple[float | None, str]] = deque()  # (stamp, id) in arrival order
        self.horizon = p.window_days * 86400.0
        self.clock: float | None = None  # the newest date seen
        self.first: float | None = None  # the first date seen: the time of articles that came before any date
        self.evicted = 0
        self.peak_live = 0

    def advance(self, stamp: float | None) -> float | None:
        """Move the stream's clock to ``stamp`` and drop what fell out of the window; returns the article's stamp."""
        if stamp is not None and (self.clock is None or stamp > self.clock):
            self.clock = stamp
            if self.first is None:
                self.first = stamp
        if self.horizon > 0 and self.clock is not None and self.first is not None:
            edge = self.clock - self.horizon
            while self.order:
                at = self.order[0][0]
                if (at if at is not None else self.first) >= edge:
                    break
                self._drop(self.order.popleft()[1])
        return stamp if stamp is not None else self.clock

    def _drop(self, art_id: str) -> None:
        gone = self.live.pop(art_id)
        self.doc_lsh.remove(art_id)
        for n in range(gone.n_paras):
            key = f"{art_id}\x1f{n}"
            self.para_lsh.remove(key)
            del self.para_sh[key]
        self.evicted += 1

    def add(self, art_id: str, stamp: float | None, entry: _Live, sig: np.ndarray,
            para_ids: list[np.ndarray]) -> None:
        for n, psh in enumerate(para_ids):
            key = f"{art_id}\x1f{n}"
            self.para_sh[key] = (art_id, psh)
            self.para_lsh.insert(key, lean(sig[1 + n]))
        self.live[art_id] = entry
        self.doc_lsh.insert(art_id, lean(sig[0]))
        self.order.append((stamp, art_id))
        self.peak_live = max(self.peak_live, len(self.live))


def find_copies(
    articles: Iterable[Article], store: Any, p: DedupParams, stats: dict[str, int] | None = None
) -> tuple[dict[str, str], list[ProvenanceEdge]]:
    """``duplicate_of`` and ``copies`` edges for articles in stream order (any iterable: it is read once).

    Only the live window is indexed (``p.window_days``); ``stats``, when given,
    receives ``evicted`` and ``peak_live`` (articles indexed at once).
    """
    index = _Index(p)
    duplicate_of: dict[str, str] = {}
    edges: list[ProvenanceEdge] = []
    seen: set[str] = set()
    for art, sig in _with_signatures(articles, store, p):
        if art.id in seen:  # the same article twice in the input: nothing to compare
            continue
        seen.add(art.id)
        stamp = index.advance(_stamp(art.published))
        sh = shingle_ids(shingles(article_tokens(art), p.shingle))
        best_id, best_j = None, 0.0
        for cand in index.doc_lsh.query(lean(sig[0])):
            j = jaccard_ids(sh, index.live[cand].shingles)
            if j >= p.threshold and (j > best_j or (j == best_j and best_id is not None and cand < best_id)):
                best_id, best_j = cand, j
        if best_id is not None:
            root = duplicate_of.get(best_id, best_id)
            duplicate_of[art.id] = root
            edges.append(ProvenanceEdge(
                article_id=art.id, source=best_id, relation="copies",
                evidence=(art.title or art.text)[:EVIDENCE_CHARS], score=round(best_j, 4),
                directed_by=_direction(art.published, index.live[best_id].published),
            ))
        paras = paragraphs(art, p.min_para_words)
        para_ids: list[np.ndarray] = []
        reused: dict[str, tuple[float, str]] = {}
        for n, (text, toks) in enumerate(paras):
            psh = shingle_ids(shingles(toks, p.shingle))
            para_ids.append(psh)
            for cand in index.para_lsh.query(lean(sig[1 + n])):
                src_id, cand_sh = index.para_sh[cand]
                if src_id == best_id:
                    continue
                j = jaccard_ids(psh, cand_sh)
                if j >= p.para_threshold and j > reused.get(src_id, (0.0, ""))[0]:
                    reused[src_id] = (j, text)
        for src_id, (j, text) in sorted(reused.items()):
            edges.append(ProvenanceEdge(
                article_id=art.id, source=src_id, relation="copies", evidence=text[:EVIDENCE_CHARS],
                score=round(j, 4), directed_by=_direction(art.published, index.live[src_id].published),
            ))
        index.add(art.id, stamp, _Live(art.published, sh, len(paras)), sig, para_ids)
    if stats is not None:
        stats.update(evicted=index.evicted, peak_live=index.peak_live)
    return duplicate_of, edges


def run(ctx: Any, prior: Analysis) -> Analysis:
    """Corpus stage entry point: fills ``duplicate_of``, appends ``copies`` edges to ``provenance``."""
    p = read_options(ctx.config.stage("dedup"))
    articles = ctx.articles  # read once, in stream order; not copied
    ctx.tick("dedup", 0, len(articles))
    duplicate_of, edges = find_copies(articles, ctx.store, p)
    ctx.tick("dedup", len(articles), len(articles))
    merged = dict(prior.duplicate_of)
    merged.update(duplicate_of)
    return replace(prior, duplicate_of=merged, provenance=tuple(prior.provenance) + tuple(edges))


__all__ = ["find_copies", "read_options", "run"]
