"""Grid search of the clusterer's weights and thresholds on the DEV splits only.

    .venv/bin/python -m bench.cluster_tune [--grid small|wide|figures]

Scores pairwise F1 on AllSides dev and ECB+ dev and train (each split clustered
on its own, in file order: the sets are undated) and prints the best settings by
the mean of the AllSides and ECB+ figures. Test splits are never read here.
The relative weights of the word and name signals start from a logistic fit on
article pairs of the same splits (bench/cluster_diag.py --fit); the grid then
moves the join bar, the merge bar and the size bonus around them.
"""

from __future__ import annotations

import argparse
import itertools
from dataclasses import replace

from bench.cluster_data import cached_vectors, load_corpus, pred_from_groups, score
from storyline.cluster.stage import LEAD_CHARS, cluster_articles
from storyline.cluster.stream import ClusterParams

SETS = (("allsides", "dev"), ("ecbplus", "dev"), ("ecbplus", "train"))


def load_sets(lead: int = 600) -> dict:
    """Dev/train sets with the E5 vectors of title + first ``lead`` characters (cached per lead)."""
    data = {}
    for corpus, split in SETS:
        arts, gold = load_corpus(corpus, split)
        data[(corpus, split)] = (arts, gold, cached_vectors(corpus, arts, lead=lead))
    return data


def evaluate(params: ClusterParams, data) -> dict[str, float]:
    out = {}
    for (corpus, split), (arts, gold, vecs) in data.items():
        groups, _ = cluster_articles(arts, vecs, params, lead_chars=LEAD_CHARS)
        out[f"{corpus}-{split}"] = score(gold, pred_from_groups(arts, groups))["pairwise_f1"]
    out["objective"] = (out["allsides-dev"] + (out["ecbplus-dev"] + out["ecbplus-train"]) / 2) / 2
    return out


def grid(kind: str):
    """(w_lex, w_ent, join, merge - join, size_bonus, single_drop, numbers)."""
    if kind == "small":
        return itertools.product(
            [0.5], [0.1], [1.05, 1.07, 1.09], [0.0, 0.04], [0.0], [0.1, 0.15, 0.2], [True]
        )
    return itertools.product(
        [0.5, 0.8],
        [0.1, 0.3],
        [1.01, 1.03, 1.05, 1.07],
        [0.0, 0.03],
        [0.0, 0.02, 0.04],
        [0.05, 0.1],
        [False, True],
    )


def figures_grid(data) -> None:
    """The figures penalty (fig_conflict) and how much of the body it reads (fig_chars), rest at defaults."""
    print("  fig_conflict fig_chars | allsides-dev ecb-dev ecb-train objective")
    for conflict in (0.0, 0.1, 0.15, 0.2, 0.25):
        for chars in (0, 100, 200, 400):
            if not conflict and chars:
                continue
            res = evaluate(replace(ClusterParams(), fig_conflict=conflict, fig_chars=chars), data)
            print(
                f"  {conflict:>12} {chars:>9} |",
                " ".join(f"{res[k]:.4f}" for k in ("allsides-dev", "ecbplus-dev", "ecbplus-train")),
                f"{res['objective']:.4f}",
                flush=True,
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--grid", choices=("small", "wide", "figures"), default="small")
    ap.add_argument("--leads", help="only score the defaults with E5 inputs of these lead lengths, e.g. 600,300")
    args = ap.parse_args()
    if args.leads:  # shorter E5 inputs embed faster (2x at 300 chars); what they cost in F1
        for lead in (int(x) for x in args.leads.split(",")):
            res = evaluate(ClusterParams(), load_sets(lead))
            print(f"  lead {lead:4d}: " + "  ".join(f"{k} {v:.3f}" for k, v in res.items()))
        return
    data = load_sets()
    if args.grid == "figures":
        figures_grid(data)
        return
    results = []
    for w_lex, w_ent, join, dmerge, size_bonus, single_drop, numbers in grid(args.grid):
        params = replace(
            ClusterParams(),
            w_lex=w_lex,
            w_ent=w_ent,
            join=join,
            merge=round(join + dmerge, 3),
            size_bonus=size_bonus,
            single_drop=single_drop,
            lex_numbers=numbers,
        )
        res = evaluate(params, data)
        combo = (w_lex, w_ent, join, params.merge, size_bonus, single_drop, numbers)
        print("  ", combo, {k: round(v, 3) for k, v in res.items()}, flush=True)
        results.append((res["objective"], combo, res))
    results.sort(key=lambda r: -r[0])
    print("best settings by objective (mean of AllSides dev and ECB+ dev/train pairwise F1):")
    print(
        "  w_lex w_ent join merge size_bonus single_drop numbers",
        "| allsides-dev ecb-dev ecb-train objective",
    )
    for obj, combo, res in results[:15]:
        print(
            "  ",
            combo,
            "|",
            " ".join(f"{res[k]:.3f}" for k in ("allsides-dev", "ecbplus-dev", "ecbplus-train")),
            f"{obj:.3f}",
        )


if __name__ == "__main__":
    main()
