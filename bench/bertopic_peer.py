"""Story clustering: Storyline against BERTopic, the peer a user would otherwise pick.

``python -m bench.bertopic_peer [allsides] [ecbplus]``  (needs the bench extra: ``make bench`` installs it)

Same corpora (AllSides and ECB+, test splits), same inputs: the E5 vectors of
title + first 600 characters (bench/cluster_data.py caches them under bench/out/),
passed to BERTopic as precomputed embeddings so it loads no model and downloads
nothing. BERTopic's defaults (HDBSCAN ``min_cluster_size=10``) are made for
topics, not stories of 2-6 reports, so its HDBSCAN/UMAP sizes are picked on the
dev split first (best pairwise F1), then run once on test; its outliers (topic -1)
count as singleton stories. Storyline's clusterer was tuned on dev/train too.
Timed: the clustering call alone, after a warm-up fit (numba compiles UMAP once
per process). Scored by ../shared/eval/score_clusters.py.
"""

from __future__ import annotations

import os
import sys
import time
from itertools import product
from typing import Any

import numpy as np

from bench.cluster_data import cached_vectors, load_corpus, pred_from_groups, score
from storyline.cluster.stage import build_stories, cluster_articles
from storyline.records import Article

GRID = {"min_cluster_size": (2, 3, 5), "n_neighbors": (5, 15)}
SEED = 42


def storyline_groups(arts: list[Article], vecs: np.ndarray) -> tuple[list[list[int]], float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    groups, _ = cluster_articles(arts, vecs)
    build_stories(arts, groups, vecs)
    return groups, time.perf_counter() - started, time.process_time() - cpu


def bertopic_groups(
    arts: list[Article], vecs: np.ndarray, min_cluster_size: int, n_neighbors: int
) -> tuple[list[list[int]], float, float]:
    from bertopic import BERTopic
    from hdbscan import HDBSCAN
    from umap import UMAP

    docs = [f"{a.title}\n{a.text[:600]}" for a in arts]
    model = BERTopic(
        embedding_model=None,
        umap_model=UMAP(
            n_neighbors=n_neighbors, n_components=5, min_dist=0.0, metric="cosine", random_state=SEED
        ),
        hdbscan_model=HDBSCAN(min_cluster_size=min_cluster_size, metric="euclidean", prediction_data=True),
        calculate_probabilities=False,
        verbose=False,
    )
    started, cpu = time.perf_counter(), time.process_time()
    topics, _ = model.fit_transform(docs, embeddings=vecs)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    by_topic: dict[int, list[int]] = {}
    groups: list[list[int]] = []
    for i, t in enumerate(topics):
        if t == -1:
            groups.append([i])  # an outlier is a story of its own
        else:
            by_topic.setdefault(int(t), []).append(i)
    return groups + list(by_topic.values()), elapsed, cpu


def _f1(gold: dict[str, str], arts: list[Article], groups: list[list[int]]) -> dict[str, Any]:
    return score(gold, pred_from_groups(arts, groups))


def main() -> int:
    try:
        import bertopic  # noqa: F401
    except ImportError:
        print("bench.bertopic_peer: bertopic is not installed (make bench installs the bench extra); skipped")
        return 0
    print(
        f"bench.bertopic_peer: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
        "same E5 vectors for both; F1 = pairwise F1 of ../shared/eval/score_clusters.py"
    )
    arts, _ = load_corpus("ecbplus", "dev")
    bertopic_groups(arts[:60], cached_vectors("ecbplus", arts)[:60], 2, 5)  # warm-up: numba JIT
    print(
        f"  {'set':<15}{'n':>5}  {'Storyline F1':>12}{'s':>7}  {'BERTopic F1':>11}{'s':>7}  {'(mcs,nn)':>9}"
        f"  {'F1 ratio':>8}{'speed-up':>9}"
    )
    for corpus in sys.argv[1:] or ("allsides", "ecbplus"):
        dev_arts, dev_gold = load_corpus(corpus, "dev")
        dev_vecs = cached_vectors(corpus, dev_arts)
        best, best_f1 = (2, 15), -1.0
        for mcs, nn in product(GRID["min_cluster_size"], GRID["n_neighbors"]):
            groups, _, _ = bertopic_groups(dev_arts, dev_vecs, mcs, nn)
            f1 = _f1(dev_gold, dev_arts, groups)["pairwise_f1"]
            if f1 > best_f1:
                best, best_f1 = (mcs, nn), f1
        arts, gold = load_corpus(corpus, "test")
        vecs = cached_vectors(corpus, arts)
        sl_groups, sl_s, sl_cpu = storyline_groups(arts, vecs)
        bt_groups, bt_s, bt_cpu = bertopic_groups(arts, vecs, *best)
        sl, bt = _f1(gold, arts, sl_groups), _f1(gold, arts, bt_groups)
        print(
            f"  {corpus + '/test':<15}{len(arts):>5}  {sl['pairwise_f1']:12.3f}{sl_s:7.2f}  "
            f"{bt['pairwise_f1']:11.3f}{bt_s:7.2f}  {str(best):>9}  "
            f"{sl['pairwise_f1'] / max(bt['pairwise_f1'], 1e-9):8.2f}{bt_s / max(sl_s, 1e-9):8.1f}x"
        )
        print(
            f"  {'':<15}{'':>5}  B3-F1 {sl['bcubed_f1']:.3f} vs {bt['bcubed_f1']:.3f}; "
            f"stories {len(sl_groups)} vs {len(bt_groups)} (gold {len(set(gold.values()))}); "
            f"BERTopic dev F1 {best_f1:.3f}"
        )
        print(
            f"  {'':<15}{'':>5}  CPU s {sl_cpu:.2f} vs {bt_cpu:.2f} (CPU speed-up {bt_cpu / max(sl_cpu, 1e-9):.1f}x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
