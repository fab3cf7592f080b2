"""Why one bar cannot serve AllSides and ECB+: pair-similarity transforms under average link (DEV splits).

    .venv/bin/python -m bench.cluster_pairs

For each transform of the pair similarity S = E5 cosine + 0.5 * tf-idf cosine (full-split
frequencies, as bench/cluster_diag.py), clusters AllSides dev and ECB+ dev/train with
average-link agglomerative clustering and prints the best threshold shared by the three
(objective as bench/cluster_tune.py) and each split's own best threshold. Transforms:
CSLS (S - a * (r_i + r_j) / 2, r = mean of the k largest similarities of an article) and a
logistic pair model over S's parts, names and neighbour ranks (fitted on the AllSides dev and
ECB+ train pairs it is then scored on: an in-sample upper bound, not a result). Batch, not
streaming: what the transforms can give at best. Test splits are never read here.
"""

from __future__ import annotations

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.linear_model import LogisticRegression

from bench.cluster_data import cached_vectors, load_corpus
from bench.cluster_diag import pair_signals

SETS = (("allsides", "dev"), ("ecbplus", "dev"), ("ecbplus", "train"))


def pairwise_f1(lab: np.ndarray, pred: np.ndarray) -> float:
    iu = np.triu_indices(len(lab), 1)
    same, together = (lab[:, None] == lab[None, :])[iu], (pred[:, None] == pred[None, :])[iu]
    tp = (same & together).sum()
    p, r = tp / max(together.sum(), 1), tp / max(same.sum(), 1)
    return float(2 * p * r / max(p + r, 1e-9))


def table(name: str, mats: dict, labs: dict, ths: np.ndarray) -> None:
    f = {}
    for key, m in mats.items():
        d = m.max() - m
        np.fill_diagonal(d, 0)
        z = linkage(squareform(d, checks=False), "average")
        f[key] = np.array([pairwise_f1(labs[key], fcluster(z, m.max() - t, "distance")) for t in ths])
    obj = (f[SETS[0]] + (f[SETS[1]] + f[SETS[2]]) / 2) / 2
    i = int(obj.argmax())
    own = " ".join(f"{f[k].max():.3f}@{ths[f[k].argmax()]:.2f}" for k in SETS)
    shared = " ".join(f"{f[k][i]:.3f}" for k in SETS)
    print(f"  {name:<22} shared bar {ths[i]:6.2f}: {shared}  objective {obj[i]:.3f} | own bars: {own}")


def features(sig: dict) -> dict[str, np.ndarray]:
    e = sig["dense (E5 title+600)"].astype(np.float64)
    e2 = e.copy()
    np.fill_diagonal(e2, -np.inf)
    rank = np.argsort(np.argsort(-e2, axis=1), axis=1).astype(np.float64)
    return {
        "E": e,
        "L": sig["tf-idf title+lead"].astype(np.float64),
        "N": sig["names shared (idf, / larger set)"].astype(np.float64),
        "rank_min": np.log1p(np.minimum(rank, rank.T)),
        "rank_max": np.log1p(np.maximum(rank, rank.T)),
    }


def main() -> None:
    sigs, labs = {}, {}
    for corpus, split in SETS:
        arts, gold = load_corpus(corpus, split)
        sigs[(corpus, split)] = pair_signals(arts, cached_vectors(corpus, arts))
        labs[(corpus, split)] = np.array([gold[a.id] for a in arts])
    base = {
        k: (s["dense (E5 title+600)"] + 0.5 * s["tf-idf title+lead"]).astype(np.float64)
        for k, s in sigs.items()
    }
    print("  transform              (AllSides dev, ECB+ dev, ECB+ train pairwise F1)")
    table("S", base, labs, np.arange(0.8, 1.3, 0.01))
    for k in (2, 3, 10):
        for a in (0.25, 0.5, 1.0):
            mats = {}
            for key, s in base.items():
                s2 = s.copy()
                np.fill_diagonal(s2, -np.inf)
                r = -np.sort(-s2, axis=1)[:, :k].mean(axis=1)
                mats[key] = s - a * (r[:, None] + r[None, :]) / 2
            table(f"CSLS k={k} a={a}", mats, labs, np.arange(-0.5, 1.3, 0.01))
    feats = {k: features(s) for k, s in sigs.items()}
    for cols in (("E", "L", "N"), ("E", "L", "N", "rank_min", "rank_max")):
        xs, ys, ws = [], [], []
        for key in (SETS[0], SETS[2]):
            iu = np.triu_indices(len(labs[key]), 1)
            xs.append(np.stack([feats[key][c][iu] for c in cols], 1))
            ys.append((labs[key][:, None] == labs[key][None, :])[iu])
            ws.append(np.full(len(ys[-1]), 1e5 / len(ys[-1])))
        clf = LogisticRegression(C=10, max_iter=2000).fit(
            np.vstack(xs), np.concatenate(ys), sample_weight=np.concatenate(ws)
        )
        mats = {}
        for key in SETS:
            n = len(labs[key])
            iu = np.triu_indices(n, 1)
            m = np.zeros((n, n))
            m[iu] = clf.decision_function(np.stack([feats[key][c][iu] for c in cols], 1))
            m = m + m.T
            np.fill_diagonal(m, 20.0)
            mats[key] = m
        table("logistic " + "+".join(cols), mats, labs, np.arange(-8, 8, 0.25))


if __name__ == "__main__":
    main()
