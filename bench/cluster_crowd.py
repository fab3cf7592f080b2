"""The crowding correction (ClusterParams.hub_*) on the DEV splits: grid and robustness checks.

    .venv/bin/python -m bench.cluster_crowd [--grid] [--orders 3]

Scores pairwise F1 on AllSides dev and ECB+ dev and train (as bench/cluster_tune.py:
objective = mean of AllSides dev and the mean of the two ECB+ figures) for the defaults and
the crowding settings, then checks that a gain is not one lucky stream order or one half of
AllSides dev: the same settings on reshuffled stream orders, and on two story-disjoint halves of
AllSides dev, each clustered on its own. Test splits are never read here.
"""

from __future__ import annotations

import argparse
import itertools
import random
from dataclasses import replace

from bench.cluster_data import pred_from_groups, score
from bench.cluster_tune import evaluate, load_sets
from storyline.cluster.stage import LEAD_CHARS, cluster_articles
from storyline.cluster.stream import ClusterParams

BEST = {"hub_k": 3, "hub_w": 2.0, "hub_center": 0.92, "single_drop": 0.15}
KEYS = ("allsides-dev", "ecbplus-dev", "ecbplus-train", "objective")


def line(label: str, res: dict[str, float]) -> str:
    return f"  {label:<62}" + " ".join(f"{res[k]:.3f}" for k in KEYS)


def shuffled(data, seed: int):
    out = {}
    for key, (arts, gold, vecs) in data.items():
        order = list(range(len(arts)))
        random.Random(seed).shuffle(order)
        out[key] = ([arts[i] for i in order], gold, vecs[order])
    return out


def allsides_halves(data):
    """AllSides dev split into two story-disjoint halves (stories alternately by sorted id)."""
    arts, gold, vecs = data[("allsides", "dev")]
    stories = sorted(set(gold.values()))
    half = {s: i % 2 for i, s in enumerate(stories)}
    out = []
    for h in (0, 1):
        keep = [i for i, a in enumerate(arts) if half[gold[a.id]] == h]
        part = [arts[i] for i in keep]
        out.append((part, {a.id: gold[a.id] for a in part}, vecs[keep]))
    return out


def pairwise_f1(params: ClusterParams, arts, gold, vecs) -> float:
    groups, _ = cluster_articles(arts, vecs, params, lead_chars=LEAD_CHARS)
    return score(gold, pred_from_groups(arts, groups))["pairwise_f1"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--grid", action="store_true", help="the grid the settings were picked from")
    ap.add_argument("--orders", type=int, default=3, help="reshuffled stream orders to check")
    args = ap.parse_args()
    data = load_sets()
    base = ClusterParams()
    best = replace(base, **BEST)
    print(f"  {'settings':<62}" + " ".join(k.replace("ecbplus", "ecb") for k in KEYS))
    print(line("defaults", evaluate(base, data)))
    print(line("single_drop 0.15 (no crowding)", evaluate(replace(base, single_drop=0.15), data)))
    print(line("crowding on second looks (BEST)", evaluate(best, data)))
    if args.grid:
        for k, w, c, d in itertools.product((3, 10), (1.0, 2.0, 3.0), (0.9, 0.92, 0.94), (0.1, 0.15, 0.2)):
            p = replace(base, hub_k=k, hub_w=w, hub_center=c, single_drop=d)
            print(line(f"hub_k {k} hub_w {w} hub_center {c} single_drop {d}", evaluate(p, data)), flush=True)
        for k, w, j, dm in itertools.product((3, 5), (0.3, 0.5, 0.7), (1.0, 1.03, 1.06), (0.0, 0.03)):
            p = replace(
                base, hub_k=k, hub_w=w, hub_center=0.9, hub_joins=True, join=j, merge=round(j + dm, 3)
            )
            print(
                line(f"hub_joins: hub_k {k} hub_w {w} join {j} merge {p.merge}", evaluate(p, data)),
                flush=True,
            )
    for seed in range(1, args.orders + 1):
        shuf = shuffled(data, seed)
        a, b = evaluate(base, shuf), evaluate(best, shuf)
        print(line(f"order {seed}: defaults", a))
        print(line(f"order {seed}: crowding", b))
    for h, part in enumerate(allsides_halves(data)):
        a, b = pairwise_f1(base, *part), pairwise_f1(best, *part)
        print(f"  AllSides dev half {h} (story-disjoint): defaults {a:.3f}  crowding {b:.3f}")


if __name__ == "__main__":
    main()
