"""Thresholds for the hashing fallback embedder, tuned on the dev splits (fast: no model).

    .venv/bin/python -m bench.cluster_hashing

The E5 defaults do not fit hashed n-gram vectors (their cosines sit much lower), so
the stage shifts ``join``/``merge`` when it runs on the fallback; this prints the
dev F1 for a range of thresholds, words and names weights kept at the defaults.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from bench.cluster_data import load_corpus, pred_from_groups, score
from storyline.cluster.stage import cluster_articles
from storyline.cluster.stream import ClusterParams
from storyline.embed import HashingEmbedder, lead_text


def main() -> None:
    emb = HashingEmbedder()
    data = []
    for corpus, split in (("allsides", "dev"), ("ecbplus", "dev"), ("ecbplus", "train")):
        arts, gold = load_corpus(corpus, split)
        data.append((f"{corpus}-{split}", arts, gold, emb.embed_passages([lead_text(a) for a in arts])))
    print(f"   {'join':>6}" + "".join(f"{name:>16}" for name, *_ in data) + f"{'objective':>11}")
    for join in np.arange(0.55, 0.96, 0.05):
        p = replace(ClusterParams(), join=round(float(join), 3), merge=round(float(join), 3))
        f1 = []
        for _, arts, gold, vecs in data:
            groups, _ = cluster_articles(arts, vecs, p)
            f1.append(score(gold, pred_from_groups(arts, groups))["pairwise_f1"])
        objective = (f1[0] + (f1[1] + f1[2]) / 2) / 2
        print(f"   {join:>6.2f}" + "".join(f"{x:>16.3f}" for x in f1) + f"{objective:>11.3f}", flush=True)


if __name__ == "__main__":
    main()
