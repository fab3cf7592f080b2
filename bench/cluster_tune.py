"""Grid search of the clusterer's weights and thresholds on the DEV splits only.

    .venv/bin/python -m bench.cluster_tune [--quick]

Scores pairwise F1 on AllSides dev and ECB+ dev and train (each split clustered
on its own, in file order: the sets are undated) and prints the best settings by
the mean of the AllSides and ECB+ figures. Test splits are never read here.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from bench.cluster_data import cached_vectors, load_corpus, pred_from_groups, score
from storyline.cluster.stage import cluster_articles
from storyline.cluster.stream import ClusterParams

LEAD = 3000  # characters of body text for the lexical and name signals
SETS = (("allsides", "dev"), ("ecbplus", "dev"), ("ecbplus", "train"))


def evaluate(params: ClusterParams, data) -> dict[str, float]:
    out = {}
    for (corpus, split), (arts, gold, vecs) in data.items():
        groups, _ = cluster_articles(arts, vecs, params, lead_chars=LEAD)
        out[f"{corpus}-{split}"] = score(gold, pred_from_groups(arts, groups))["pairwise_f1"]
    out["objective"] = (out["allsides-dev"] + (out["ecbplus-dev"] + out["ecbplus-train"]) / 2) / 2
    return out


def main() -> None:
    data = {}
    for corpus, split in SETS:
        arts, gold = load_corpus(corpus, split)
        data[(corpus, split)] = (arts, gold, cached_vectors(corpus, arts))
    results = []
    for (w_ent, center), join, dmerge in itertools.product(
        [(0.1, 0.5), (0.2, 0.5)], [0.99, 1.01, 1.03, 1.05, 1.07], [0.0, 0.03]
    ):
        params = replace(ClusterParams(), w_lex=0.5, w_ent=w_ent, ent_center=center, join=join,
                         merge=round(join + dmerge, 3))
        res = evaluate(params, data)
        combo = (0.5, w_ent, center, join, params.merge)
        print("  ", combo, {k: round(v, 3) for k, v in res.items()}, flush=True)
        results.append((res["objective"], combo, res))
    results.sort(key=lambda r: -r[0])
    print("best settings by objective (mean of AllSides dev and ECB+ dev/train pairwise F1):")
    print("  w_lex w_ent ent_center join merge", "| allsides-dev ecb-dev ecb-train objective")
    for obj, combo, res in results[:15]:
        print("  ", combo, "|", " ".join(f"{res[k]:.3f}" for k in ("allsides-dev", "ecbplus-dev", "ecbplus-train")),
              f"{obj:.3f}")


if __name__ == "__main__":
    main()
