"""Shared helpers for the cluster benchmarks: load a scored data set, its cached E5 vectors, score.

The E5 vectors of each data set are computed once and kept under ``bench/out/``
(git-ignored) as ``e5_<corpus>_<lead>.npz`` (ids + float32 rows), so tuning
and reruns never embed a corpus twice.
"""

from __future__ import annotations

import importlib.util
import json
import time
from pathlib import Path

import numpy as np

from storyline.embed import get_embedder
from storyline.records import Article

SHARED = Path(__file__).resolve().parents[2] / "shared"
if not SHARED.is_dir():
    SHARED = Path("/work/shared")
OUT = Path(__file__).resolve().parent / "out"


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_corpus(corpus: str, split: str | None = None) -> tuple[list[Article], dict[str, str]]:
    """Articles (file order = stream order: the sets are undated) and gold story per id."""
    gold_rows = _rows(SHARED / "data" / corpus / "gold.jsonl")
    gold = {r["id"]: r["story"] for r in gold_rows if split in (None, "all") or r["split"] == split}
    arts = []
    for r in _rows(SHARED / "data" / corpus / "articles.jsonl"):
        if r["id"] not in gold:
            continue
        text = r.get("text") or ""
        arts.append(Article(id=r["id"], url=r.get("url"), outlet=r.get("outlet"), outlet_domain=None,
                            title=r.get("title") or "", published=r.get("published"),
                            language=r.get("language"), text=text, original_text=text))
    return arts, gold


def gold_field(corpus: str, split: str, name: str) -> dict[str, str]:
    rows = _rows(SHARED / "data" / corpus / "gold.jsonl")
    return {r["id"]: str(r[name]) for r in rows if r["split"] == split}


def cached_vectors(
    corpus: str, articles: list[Article], lead: int = 600, embed=None, prefix: str = "e5"
) -> np.ndarray:
    """Vectors of title + first ``lead`` chars, embedding (and saving) only what is missing.

    ``embed`` (texts -> vectors; default E5 passages) and ``prefix`` (its cache file's name) let
    other embedders share the cache logic (bench/embedders.py).
    """
    path = OUT / f"{prefix}_{corpus}_{lead}.npz"
    have: dict[str, np.ndarray] = {}
    if path.exists():
        data = np.load(path)
        have = dict(zip(data["ids"].tolist(), data["vecs"], strict=True))
    missing = [a for a in articles if a.id not in have]
    if missing:
        embed = embed or get_embedder(None).embed_passages
        started = time.perf_counter()
        vecs = embed([f"{a.title}\n{a.text[:lead]}".strip() for a in missing])
        print(f"  embedded {len(missing)} {corpus} texts in {time.perf_counter() - started:.0f} s")
        have.update(zip([a.id for a in missing], vecs, strict=True))
        OUT.mkdir(exist_ok=True)
        ids = sorted(have)
        np.savez(path, ids=np.array(ids), vecs=np.vstack([have[i] for i in ids]).astype(np.float32))
    return np.vstack([have[a.id] for a in articles]).astype(np.float32)


def _scorer():
    spec = importlib.util.spec_from_file_location("score_clusters", SHARED / "eval" / "score_clusters.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def score(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    """The shared scorer's figures (pairwise P/R/F1, BCubed, ARI, NMI) for one split."""
    return _scorer().score(gold, pred)


def pred_from_groups(articles: list[Article], groups: list[list[int]]) -> dict[str, str]:
    return {articles[i].id: f"c{k}" for k, g in enumerate(groups) for i in g}
