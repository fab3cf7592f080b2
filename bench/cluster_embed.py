"""E5 input length and batch size: speed against clustering quality.

    .venv/bin/python -m bench.cluster_embed

Speed: texts/s embedding 32 ECB+ texts cut to title + first N characters, one at a
time and in batches of 16. Quality: pairwise F1 of the stream clusterer on ECB+ dev
(E5 signal alone, then with the default words/names signals) for each length,
vectors cached under bench/out/. The machine is shared: timings are noisy.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from bench.cluster_data import OUT, load_corpus, pred_from_groups, score
from storyline.cluster.stage import cluster_articles
from storyline.cluster.stream import ClusterParams
from storyline.embed import E5Embedder

LENGTHS = (0, 300, 600, 1200)  # 0: the title alone


def text(article, n: int) -> str:
    return article.title if n == 0 else f"{article.title}\n{article.text[:n]}"


def main() -> None:
    arts, gold = load_corpus("ecbplus", "dev")
    model = E5Embedder()._model
    print("E5 speed (texts/s) on 32 ECB+ dev texts")
    print(f"   {'chars':>6}{'batch 1':>9}{'batch 16':>10}")
    for n in LENGTHS:
        texts = [text(a, n) for a in arts[:32]]
        row = []
        for bs in (1, 16):
            started = time.perf_counter()
            for i in range(0, len(texts), bs):
                model.passage(texts[i : i + bs])
            row.append(len(texts) / (time.perf_counter() - started))
        print(f"   {n:>6}{row[0]:>9.1f}{row[1]:>10.1f}", flush=True)
    print("clustering quality on ECB+ dev by E5 input (pairwise F1)")
    print(f"   {'chars':>6}{'E5 only':>9}{'defaults':>10}")
    dense_only = replace(ClusterParams(), w_lex=0.0, w_ent=0.0)
    for n in LENGTHS:
        path = OUT / f"e5_ecbplus-dev_{n}.npy"
        if path.exists():
            vecs = np.load(path)
        else:
            vecs = np.asarray(model.passage([text(a, n) for a in arts]), dtype=np.float32)
            OUT.mkdir(exist_ok=True)
            np.save(path, vecs)
        best = 0.0
        for join in np.arange(0.84, 0.96, 0.01):
            p = replace(dense_only, join=float(join), merge=float(join))
            groups, _ = cluster_articles(arts, vecs, p)
            best = max(best, score(gold, pred_from_groups(arts, groups))["pairwise_f1"])
        groups, _ = cluster_articles(arts, vecs)
        full = score(gold, pred_from_groups(arts, groups))["pairwise_f1"]
        print(f"   {n:>6}{best:>9.3f}{full:>10.3f}   (E5 only: best join in 0.84-0.95, dev)", flush=True)


if __name__ == "__main__":
    main()
