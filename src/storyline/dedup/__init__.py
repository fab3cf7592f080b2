"""Stage `dedup`: exact and near copies (MinHash LSH, verified Jaccard) and reused paragraphs.

``run(ctx, prior)`` fills ``Analysis.duplicate_of`` and appends provenance edges
with relation ``"copies"``; see :mod:`storyline.dedup.stage`.
"""

from __future__ import annotations

from storyline.dedup.minhash import DedupParams
from storyline.dedup.stage import find_copies, run

__all__ = ["DedupParams", "find_copies", "run"]
