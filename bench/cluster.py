"""Story clustering: quality on real data, throughput, memory, growth over long streams.

    .venv/bin/python -m bench.cluster [--first-n 120] [--skip-synthetic] [--million]

Prints
1. pairwise / BCubed figures of the stage's defaults on AllSides and ECB+ (dev, and
   test — the defaults were tuned on dev/train only, by bench/cluster_tune.py), plus
   storylines against ECB+ topics (each topic pairs two related events);
2. throughput of dedup + cluster through ``run(ctx, prior)`` on a fresh store (features
   computed: E5 embeddings and MinHash signatures) and again on the same store (cached);
3. peak memory (tracemalloc for Python allocations, ru_maxrss for the process);
4. near copies and paragraph reuse found by dedup on the real sets;
5. time and memory over synthetic streams of 10k and 100k articles (1M with
   ``--million``) from ``bench/cluster_stream.py``: bench.synth's epochs (the data
   sets re-told one month apart, dates spread over months), each size in its own
   process, peak RSS and its growth; ``--before`` also times the clusterer at
   commit BEFORE_REF (before memory was bounded by the live window).

The E5 vectors of both data sets are cached under bench/out/ (first run embeds them:
several minutes on 2 cores). The machine is shared: timings are noisy.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import tracemalloc

from bench.cluster_data import cached_vectors, gold_field, load_corpus, pred_from_groups, score
from storyline.cluster.stage import build_stories, cluster_articles
from storyline.cluster.storylines import link_storylines
from storyline.cluster.stream import ClusterParams
from storyline.config import Config
from storyline.pipeline import StageContext, stream_order
from storyline.records import Analysis

SPLITS = (
    ("allsides", "dev"),
    ("allsides", "test"),
    ("ecbplus", "dev"),
    ("ecbplus", "train"),
    ("ecbplus", "test"),
)
# The defaults before issue #3's second round (commit 2e68e5a), kept to print before/after.
BEFORE = ClusterParams(
    w_lex=0.5,
    w_ent=0.1,
    ent_center=0.5,
    join=1.03,
    merge=1.03,
    single_drop=0.0,
    size_bonus=0.0,
    lex_top=0,
    lex_numbers=False,
    lex_bigrams=False,
    fig_conflict=0.0,
)


def quality() -> None:
    print("1. quality (defaults; tuned on dev/train; streaming, undated, file order); before = BEFORE params")
    print(
        f"   {'set':<16}{'n':>5}{'stories':>9}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}{'B3-F1':>8}{'F1 before':>11}"
    )
    for corpus, split in SPLITS:
        arts, gold = load_corpus(corpus, split)
        vecs = cached_vectors(corpus, arts)
        groups, _ = cluster_articles(arts, vecs)
        s = score(gold, pred_from_groups(arts, groups))
        old, _ = cluster_articles(arts, vecs, BEFORE)
        before = score(gold, pred_from_groups(arts, old))["pairwise_f1"]
        print(
            f"   {corpus + '-' + split:<16}{len(arts):>5}{s['gold_stories']:>9}{s['pred_stories']:>6}"
            f"{s['pairwise_precision']:>7.3f}{s['pairwise_recall']:>7.3f}{s['pairwise_f1']:>7.3f}"
            f"{s['bcubed_f1']:>8.3f}{before:>11.3f}"
        )
        if corpus == "ecbplus":
            stories = build_stories(arts, groups, vecs)
            stories, _ = link_storylines(arts, stories, groups, vecs)
            line_of = {a: str(s.storyline_id) for s in stories for a in s.article_ids}
            t = score(gold_field(corpus, split, "topic"), line_of)
            print(
                f"   {'  storylines':<16}{'':>5}{t['gold_stories']:>9}{t['pred_stories']:>6}"
                f"{t['pairwise_precision']:>7.3f}{t['pairwise_recall']:>7.3f}{t['pairwise_f1']:>7.3f}"
                f"{t['bcubed_f1']:>8.3f}   (gold = ECB+ topic)"
            )


def throughput(first_n: int) -> None:
    from storyline.cluster import run as cluster_run
    from storyline.dedup import run as dedup_run
    from storyline.store import Store

    arts, _ = load_corpus("allsides", "test")
    arts = arts[:first_n]
    print(
        f"2. throughput: dedup + cluster via run(ctx, prior), {len(arts)} AllSides test articles, e5 embedder"
    )
    with tempfile.TemporaryDirectory() as tmp, Store(f"{tmp}/bench.db") as store:
        for arts_, label in ((arts, "first run (features computed)"), (arts, "rerun (features cached)")):
            ctx = StageContext(articles=stream_order(arts_), config=Config(embedder="e5"), store=store)
            tracemalloc.start()
            started = time.perf_counter()
            result = cluster_run(ctx, dedup_run(ctx, Analysis()))
            took = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"   {label:<32} {len(arts_) / took:8.1f} articles/s  ({took:.1f} s, {len(result.stories)} stories,"
                f" python peak {peak / 2**20:.1f} MiB)"
            )
    print(f"3. process peak RSS so far: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def dedup_figures() -> None:
    from storyline.dedup import DedupParams, find_copies

    print("4. near copies on the real sets (all splits, file order), no store")
    for corpus in ("allsides", "ecbplus"):
        arts, _ = load_corpus(corpus, "all")
        started = time.perf_counter()
        dup, edges = find_copies(arts, None, DedupParams())
        took = time.perf_counter() - started
        paras = sum(1 for e in edges if e.article_id not in dup)
        print(
            f"   {corpus:<9} {len(arts):>5} articles  {len(dup):>3} near copies  {paras:>3} paragraph-reuse edges"
            f"  {len(arts) / took:6.0f} articles/s"
        )


BEFORE_REF = "188299e"  # the clusterer before its memory was bounded by the live window


def synthetic(sizes: list[int], before: bool = False) -> None:
    """Growth over synthetic streams: bench.cluster_stream (one process per size, nothing held whole)."""
    from bench.cluster_stream import growth_table

    print(
        "5. synthetic streams (bench.synth epochs one month apart, time order; E5 vectors of the base + noise)"
    )
    if before:
        growth_table(sizes, ref=BEFORE_REF)
    growth_table(sizes)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--first-n", type=int, default=120, help="articles for the throughput runs (E5 is ~7/s)")
    ap.add_argument("--skip-synthetic", action="store_true")
    ap.add_argument("--million", action="store_true", help="also a 1M-article synthetic stream (long)")
    ap.add_argument("--sizes", default="10000,100000", help="synthetic stream lengths, comma-separated")
    ap.add_argument(
        "--before", action="store_true", help="also time the clusterer of BEFORE_REF on the synthetic streams"
    )
    args = ap.parse_args()
    quality()
    throughput(args.first_n)
    dedup_figures()
    if not args.skip_synthetic:
        sizes = [int(x) for x in args.sizes.split(",") if x]
        synthetic(sizes + ([1_000_000] if args.million else []), args.before)
    print("note: BERTopic is not compared (it pulls torch); spaCy NER for names was not measured here.")


if __name__ == "__main__":
    main()
