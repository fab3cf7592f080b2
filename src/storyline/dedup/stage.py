"""The dedup stage: exact and near copies, and paragraphs reused from an earlier article.

In stream order, each article queries a MinHash LSH index of the articles
before it (datasketch); every candidate is verified by the actual Jaccard of
the word-shingle sets, because LSH also returns pairs below the threshold.

* Near copy (document Jaccard ≥ ``threshold``): ``duplicate_of[later] = earliest``
  (the root of a chain of copies) and a provenance edge ``copies``.
* Reused paragraph (a long paragraph with Jaccard ≥ ``para_threshold`` to one of
  an earlier article's): a provenance edge ``copies`` whose evidence is the
  opening of the copied paragraph; one edge per (later, earlier) pair.

Direction: the earlier article is the source. ``directed_by`` says why it is
earlier: ``"date"`` when both are dated and the dates differ, else ``"order"``
(stream order: the one that arrived first).
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from datasketch import MinHashLSH

from storyline.dedup.minhash import (
    DedupParams,
    article_tokens,
    jaccard,
    lean,
    paragraphs,
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
        if isinstance(like, int) and value < 1:
            raise ConfigError(f"stages.dedup.{key}: must be at least 1, got {value!r}")
        p = replace(p, **{key: value})
    return p


def _direction(later: Article, earlier: Article) -> str:
    if later.published and earlier.published and later.published != earlier.published:
        return "date"
    return "order"


def find_copies(articles: list[Article], store: Any, p: DedupParams) -> tuple[dict[str, str], list[ProvenanceEdge]]:
    """``duplicate_of`` and ``copies`` edges for articles in stream order."""
    sigs = signatures(articles, store, p)
    doc_lsh = MinHashLSH(threshold=p.threshold, num_perm=p.num_perm)
    para_lsh = MinHashLSH(threshold=p.para_threshold, num_perm=p.num_perm)
    doc_sh: dict[str, set[str]] = {}
    para_sh: dict[str, tuple[str, set[str]]] = {}
    duplicate_of: dict[str, str] = {}
    edges: list[ProvenanceEdge] = []
    by_id: dict[str, Article] = {}
    for art, sig in zip(articles, sigs, strict=True):
        if art.id in by_id:  # the same article twice in the input: nothing to compare
            continue
        sh = shingles(article_tokens(art), p.shingle)
        doc = lean(sig[0])
        best_id, best_j = None, 0.0
        for cand in doc_lsh.query(doc):
            j = jaccard(sh, doc_sh[cand])
            if j >= p.threshold and (j > best_j or (j == best_j and best_id is not None and cand < best_id)):
                best_id, best_j = cand, j
        if best_id is not None:
            root = duplicate_of.get(best_id, best_id)
            duplicate_of[art.id] = root
            edges.append(ProvenanceEdge(
                article_id=art.id, source=best_id, relation="copies",
                evidence=(art.title or art.text)[:EVIDENCE_CHARS], score=round(best_j, 4),
                directed_by=_direction(art, by_id[best_id]),
            ))
        paras = paragraphs(art, p.min_para_words)
        reused: dict[str, tuple[float, str]] = {}
        for n, (text, toks) in enumerate(paras):
            psh = shingles(toks, p.shingle)
            key = f"{art.id}\x1f{n}"
            for cand in para_lsh.query(lean(sig[1 + n])):
                src_id, cand_sh = para_sh[cand]
                if src_id == art.id or src_id == best_id:
                    continue
                j = jaccard(psh, cand_sh)
                if j >= p.para_threshold and j > reused.get(src_id, (0.0, ""))[0]:
                    reused[src_id] = (j, text)
            para_sh[key] = (art.id, psh)
            para_lsh.insert(key, lean(sig[1 + n]))
        for src_id, (j, text) in sorted(reused.items()):
            edges.append(ProvenanceEdge(
                article_id=art.id, source=src_id, relation="copies", evidence=text[:EVIDENCE_CHARS],
                score=round(j, 4), directed_by=_direction(art, by_id[src_id]),
            ))
        doc_sh[art.id] = sh
        doc_lsh.insert(art.id, doc)
        by_id[art.id] = art
    return duplicate_of, edges


def run(ctx: Any, prior: Analysis) -> Analysis:
    """Corpus stage entry point: fills ``duplicate_of``, appends ``copies`` edges to ``provenance``."""
    p = read_options(ctx.config.stage("dedup"))
    articles = list(ctx.articles)
    ctx.tick("dedup", 0, len(articles))
    duplicate_of, edges = find_copies(articles, ctx.store, p)
    ctx.tick("dedup", len(articles), len(articles))
    merged = dict(prior.duplicate_of)
    merged.update(duplicate_of)
    return replace(prior, duplicate_of=merged, provenance=tuple(prior.provenance) + tuple(edges))


__all__ = ["find_copies", "read_options", "run"]
