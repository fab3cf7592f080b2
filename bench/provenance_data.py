"""MSRP sentence pairs and their cached E5 vectors, for the provenance bench.

    .venv/bin/python -m bench.provenance_data [test] [train] [--train-pairs N]
        # embeds the splits once (minutes on 2 cores); --train-pairs: only the first N train pairs

MSRP lives in ``../shared/data/msrp`` (research use: evaluation and fitting the small
re-report classifier's 6 weights only; no text is copied into the repository).
Vectors are cached in ``bench/out/`` (git-ignored) so the bench and the fit rerun fast.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "bench" / "out"


def load_msrp(split: str, limit: int | None = None) -> list[tuple[int, str, str]]:
    """``(label, sentence1, sentence2)`` rows of the ``train`` or ``test`` split (the first ``limit``)."""
    path = SHARED / "msrp" / f"msr_paraphrase_{split}.txt"
    rows: list[tuple[int, str, str]] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for r in reader:
            if len(r) >= 5:
                rows.append((int(r[0]), r[3], r[4]))
    return rows[:limit] if limit else rows


def cached_pairs(split: str) -> int:
    """How many pairs of ``split`` have cached E5 vectors (0 when none)."""
    path = OUT / f"msrp_{split}_e5.npz"
    return int(np.load(path)["a"].shape[0]) if path.exists() else 0


def msrp_vectors(split: str, rows: list[tuple[int, str, str]]) -> tuple[np.ndarray, np.ndarray]:
    """E5 vectors of both sides of every pair (cached under ``bench/out/``)."""
    path = OUT / f"msrp_{split}_e5.npz"
    if path.exists():
        data = np.load(path)
        if data["a"].shape[0] == len(rows):
            return data["a"], data["b"]
    from storyline.embed import E5Embedder

    emb = E5Embedder()
    a = emb.embed_queries([r[1] for r in rows])
    b = emb.embed_queries([r[2] for r in rows])
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(path, a=a, b=b)
    return a, b


def main() -> None:
    args = sys.argv[1:]
    limit = None
    if "--train-pairs" in args:
        at = args.index("--train-pairs")
        limit = int(args[at + 1])
        del args[at : at + 2]
    for split in args or ["train", "test"]:
        rows = load_msrp(split, limit if split == "train" else None)
        a, _ = msrp_vectors(split, rows)
        print(split, len(rows), a.shape, flush=True)


if __name__ == "__main__":
    main()
