"""Error analysis of story clustering on the DEV splits: over-merge or over-split, and which signal.

    .venv/bin/python -m bench.cluster_diag [--corpus allsides] [--split dev] [--set hub_k=3 ...]

Prints, for the stage's defaults on one split:
1. pairwise P/R/F1, then the errors by kind: predicted stories mixing gold stories
   (over-merge: false-positive pairs) and gold stories spread over predicted ones
   (over-split: false-negative pairs), and of the split ones how many members sit
   alone;
2. for every article pair of the split, how well each signal alone separates
   same-story pairs from the rest (ROC AUC) and the best pairwise F1 a single
   threshold on it reaches — an upper-bound-ish view of what each signal can give.
Test splits are never read by default.
"""

from __future__ import annotations

import argparse
from collections import Counter

import numpy as np

from bench.cluster_data import cached_vectors, load_corpus, pred_from_groups, score
from storyline.cluster.features import TermStats, cluster_text, names, terms
from storyline.cluster.stage import LEAD_CHARS, cluster_articles, read_options


def error_kinds(arts, gold: dict[str, str], groups: list[list[int]]) -> None:
    gold_of = [gold[a.id] for a in arts]
    fp = fn = 0
    mixed = 0
    for g in groups:
        c = Counter(gold_of[i] for i in g)
        if len(c) > 1:
            mixed += 1
        n = len(g)
        fp += n * (n - 1) // 2 - sum(v * (v - 1) // 2 for v in c.values())
    pred_of = {i: k for k, g in enumerate(groups) for i in g}
    by_gold: dict[str, list[int]] = {}
    for i, s in enumerate(gold_of):
        by_gold.setdefault(s, []).append(i)
    split = alone = 0
    sizes = Counter(len(g) for g in groups)
    for members in by_gold.values():
        c = Counter(pred_of[i] for i in members)
        n = len(members)
        fn += n * (n - 1) // 2 - sum(v * (v - 1) // 2 for v in c.values())
        if len(c) > 1:
            split += 1
            alone += sum(1 for i in members if sizes and len(groups[pred_of[i]]) == 1)
    print(f"   predicted stories mixing gold stories: {mixed} / {len(groups)}  (false-positive pairs {fp})")
    print(
        f"   gold stories split: {split} / {len(by_gold)}  (false-negative pairs {fn}; "
        f"split members left alone: {alone})"
    )
    print(f"   predicted sizes: {sorted(sizes.items())}")


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    allv = np.concatenate([pos, neg])
    ranks = allv.argsort().argsort().astype(np.float64) + 1
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def best_threshold_f1(pos: np.ndarray, neg: np.ndarray) -> tuple[float, float]:
    """Best pairwise F1 of 'same story iff value >= t' over pairs (no clustering, no transitivity)."""
    vals = np.concatenate([pos, neg])
    lab = np.concatenate([np.ones(len(pos)), np.zeros(len(neg))])
    order = np.argsort(-vals)
    tp = np.cumsum(lab[order])
    k = np.arange(1, len(vals) + 1)
    f1 = 2 * tp / (k + len(pos))
    i = int(np.argmax(f1))
    return float(f1[i]), float(vals[order][i])


def pair_signals(arts, vecs: np.ndarray) -> dict[str, np.ndarray]:
    """Full pair matrices of each signal (diagnosis only; the stage never builds these)."""
    stats = TermStats()
    counts = [terms(cluster_text(a, LEAD_CHARS), title=a.title) for a in arts]
    for c in counts:
        stats.add(c)
    vocab = {t: j for j, t in enumerate(sorted(stats.df))}
    lex = np.zeros((len(arts), len(vocab)), dtype=np.float32)
    for i, c in enumerate(counts):
        for t, w in stats.weigh(c).items():
            lex[i, vocab[t]] = w
    title_counts = [terms(a.title) for a in arts]
    tlex = np.zeros_like(lex)
    for i, c in enumerate(title_counts):
        for t, w in stats.weigh(c).items():
            if t in vocab:
                tlex[i, vocab[t]] = w
    nm = [names(cluster_text(a, LEAD_CHARS)) for a in arts]
    nvocab = {n: j for j, n in enumerate(sorted(set().union(*nm)))}
    idf = np.array([stats.idf(n) for n in sorted(nvocab)], dtype=np.float32)
    nmat = np.zeros((len(arts), len(nvocab)), dtype=np.float32)
    for i, s in enumerate(nm):
        for n in s:
            nmat[i, nvocab[n]] = 1.0
    shared = (nmat * idf) @ nmat.T
    tot = (nmat * idf).sum(axis=1)
    share_min = shared / np.maximum(np.maximum(tot[:, None], tot[None, :]), 1e-9)
    return {
        "dense (E5 title+600)": vecs @ vecs.T,
        "tf-idf title+lead": lex @ lex.T,
        "tf-idf title only": tlex @ tlex.T,
        "names shared (idf, / larger set)": share_min,
        "names shared (idf sum)": shared,
    }


def signal_table(arts, gold: dict[str, str], vecs: np.ndarray) -> None:
    lab = np.array([gold[a.id] for a in arts])
    same = lab[:, None] == lab[None, :]
    iu = np.triu_indices(len(arts), 1)
    y = same[iu]
    sig = pair_signals(arts, vecs)
    print(f"   {'signal':<36}{'AUC':>7}{'best F1':>9}{'at':>8}")
    for name, mat in sig.items():
        v = mat[iu]
        f1, t = best_threshold_f1(v[y], v[~y])
        print(f"   {name:<36}{auc(v[y], v[~y]):>7.3f}{f1:>9.3f}{t:>8.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="allsides")
    ap.add_argument("--split", default="dev")
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a [stages.cluster] option (repeatable)",
    )
    args = ap.parse_args()
    options = dict(kv.split("=", 1) for kv in args.set)
    for key, value in options.items():  # read_options casts by the default's type: bool("False") is True
        if value.lower() in ("true", "false"):
            options[key] = value.lower() == "true"
    params, _, lead = read_options(options)
    arts, gold = load_corpus(args.corpus, args.split)
    vecs = cached_vectors(args.corpus, arts)
    groups, _ = cluster_articles(arts, vecs, params, lead_chars=lead)
    s = score(gold, pred_from_groups(arts, groups))
    print(
        f"1. {args.corpus}-{args.split}: P {s['pairwise_precision']:.3f} R {s['pairwise_recall']:.3f} "
        f"F1 {s['pairwise_f1']:.3f}  ({s['pred_stories']} predicted, {s['gold_stories']} gold)"
    )
    error_kinds(arts, gold, groups)
    print("2. pair signals alone (every pair of the split)")
    signal_table(arts, gold, vecs)


if __name__ == "__main__":
    main()
