"""Text normalisation, word shingles and MinHash signatures (datasketch) for copy detection.

Signatures are what costs time (num_perm hash permutations per shingle), so
they are cached per article in the store's ``features`` table under
``kind = "minhash"`` and a version naming every parameter that changes them.
One blob per article: the document signature, then one signature per long
paragraph, as uint32 rows.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from datasketch import LeanMinHash, MinHash

from storyline.records import Article

_TOKEN = re.compile(r"\w+", re.UNICODE)
SEED = 1
SCHEME = "affine32"  # datasketch 2.x default; named so cached rows are read back with it


def normalise(text: str) -> list[str]:
    """Case-folded, accent-stable word tokens: what two copies share despite markup and quotes."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(tokens: Sequence[str], k: int) -> set[str]:
    """Word k-grams; a text shorter than k words is one shingle (so it can still match itself)."""
    if not tokens:
        return set()
    if len(tokens) < k:
        return {" ".join(tokens)}
    return {" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def shingle_ids(sh: set[str]) -> np.ndarray:
    """The shingle set as sorted unique 64-bit hashes (blake2b): ~8 bytes a shingle instead of ~150.

    Deterministic across processes; :func:`jaccard_ids` on two of them equals
    :func:`jaccard` on the sets unless two different shingles share 64 bits.
    """
    if not sh:
        return np.empty(0, dtype=np.uint64)
    digests = b"".join(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest() for s in sh)
    return np.unique(np.frombuffer(digests, dtype=np.uint64))


def jaccard_ids(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard of two :func:`shingle_ids` arrays."""
    if not len(a) or not len(b):
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


@dataclass(frozen=True)
class DedupParams:
    """Defaults: 3-word shingles and 0.8 Jaccard for a near copy (a copy with a changed
    headline, byline or a sentence or two), 0.7 for a reused paragraph."""

    shingle: int = 3
    num_perm: int = 128
    threshold: float = 0.8
    para_threshold: float = 0.7
    min_para_words: int = 12
    # Live window: an article dated more than window_days before the newest article seen leaves
    # the index, so memory is bounded by the window, not the stream (0: keep every article).
    # Undated articles take the date of the stream when they arrive. Not part of ``version``:
    # it changes which pairs are compared, never a signature.
    window_days: int = 30

    @property
    def version(self) -> str:
        return f"datasketch-2.0.0-{SCHEME}-s{SEED}-w{self.shingle}-p{self.num_perm}-mpw{self.min_para_words}"


def article_tokens(article: Article) -> list[str]:
    return normalise(f"{article.title}\n{article.text}")


def paragraphs(article: Article, min_words: int) -> list[tuple[str, list[str]]]:
    """Long-enough paragraphs (raw text, tokens); short ones (datelines, captions) say nothing about copying."""
    out = []
    for para in article.text.split("\n"):
        toks = normalise(para)
        if len(toks) >= min_words:
            out.append((para.strip(), toks))
    return out


def _signature(sh: set[str], num_perm: int) -> np.ndarray:
    m = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)
    m.update_batch([s.encode("utf-8") for s in sh])
    return np.asarray(m.hashvalues, dtype=np.uint32)


def signatures(articles: Sequence[Article], store: Any, p: DedupParams) -> list[np.ndarray]:
    """Per article a (1 + paragraphs, num_perm) uint32 array: document row first, from cache where present."""
    kind = "minhash"
    cached = store.get_features(kind, p.version, [a.id for a in articles]) if store is not None else {}
    out: list[np.ndarray] = []
    fresh: list[tuple[str, bytes]] = []
    for art in articles:
        blob = cached.get(art.id)
        if blob is not None:
            out.append(np.frombuffer(blob, dtype=np.uint32).reshape(-1, p.num_perm))
            continue
        rows = [_signature(shingles(article_tokens(art), p.shingle), p.num_perm)]
        rows += [_signature(shingles(toks, p.shingle), p.num_perm) for _, toks in paragraphs(art, p.min_para_words)]
        sig = np.vstack(rows)
        out.append(sig)
        fresh.append((art.id, sig.tobytes()))
    if store is not None and fresh:
        store.put_features(kind, p.version, fresh)
    return out


def lean(row: np.ndarray) -> LeanMinHash:
    return LeanMinHash(seed=SEED, hashvalues=row, scheme=SCHEME)


__all__ = [
    "DedupParams",
    "article_tokens",
    "jaccard",
    "jaccard_ids",
    "lean",
    "normalise",
    "paragraphs",
    "shingle_ids",
    "shingles",
    "signatures",
]
