"""Full-pipeline throughput and peak memory on synthetic streams of growing length.

``python -m bench.pipeline [--sizes 1000,10000] [--embedder hashing|e5] [--engine local|ray]``

Each size runs in its own subprocess (so ``ru_maxrss`` is that run's peak) over a
fresh store: ingest (parse + clean + store) the stream from bench/synth.py, then
the per-article features one by one (embeddings, MinHash signatures, extraction
— on Ray when ``--engine ray``), then every corpus stage in pipeline order, which
find those features cached, so each stage's own time is shown apart from the
feature work. Last, the cluster stage again on the cached features: the figure
for "clustering with cached features". Printed: seconds, articles/s and the peak
RSS after each step, and the process' CPU seconds (on a shared machine the
wall clock counts other people's work; CPU time does not, but it also sums
threads, and Ray workers' CPU is not in it). Use ``--profile FILE.html`` to write a pyinstrument profile
of one size's run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import synth


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def direct_articles(n: int) -> list[Any]:
    """Articles straight from the synthetic records, skipping parse + clean (for long streams)."""
    from storyline.records import Article
    from storyline.store.sqlite import content_hash

    return [
        Article(
            id=r["id"],
            url=None,
            outlet=r["outlet"],
            outlet_domain=None,
            title=r["title"],
            published=r["published"],
            language=r["language"],
            text=r["text"],
            original_text=r["text"],
            content_hash=content_hash(r["title"], r["text"]),
        )
        for r in synth.stream(n)
    ]


def run_one(
    n: int,
    embedder: str,
    engine: str,
    workdir: Path,
    skip: frozenset[str] = frozenset(),
    direct: bool = False,
) -> dict[str, Any]:
    """One size, end to end; returns ``{"n", "steps": [(name, seconds, peak_mb)], ...}``."""
    from storyline.config import load_config
    from storyline.dedup.minhash import signatures
    from storyline.dedup.stage import read_options
    from storyline.embed import embed_articles, get_embedder
    from storyline.extract.stage import run as extract_run
    from storyline.pipeline import STAGES, StageContext, ingest, load_stage, stream_order
    from storyline.records import Analysis
    from storyline.store import Store

    cfg = load_config(env={}, db=str(workdir / "bench.db"), embedder=embedder, ray_cpus=os.cpu_count() or 1)
    steps: list[tuple[str, float, float, float]] = []

    def step(name: str, fn: Any) -> Any:
        t, cpu = time.perf_counter(), time.process_time()
        out = fn()
        steps.append((name, time.perf_counter() - t, _rss_mb(), time.process_time() - cpu))
        return out

    with Store(cfg.db) as store:
        if direct:
            articles = stream_order(step("build articles (no ingest)", lambda: direct_articles(n)))
            ingested = 0
        else:
            src = synth.write(n, workdir / "stream.jsonl")
            ingested = len(step("ingest", lambda: ingest([str(src)], store, cfg)).added)
            articles = stream_order(store.articles())
        ctx = StageContext(articles=articles, config=cfg, store=store)
        if engine == "ray":
            import ray

            from storyline.scale.engine import precompute_features, start_ray

            step("ray start", lambda: start_ray(ray, cfg))
            step("features (ray)", lambda: precompute_features(articles, cfg, store))
            ray.shutdown()
        else:
            step("embed", lambda: embed_articles(articles, store, get_embedder(cfg)))
            step("minhash", lambda: signatures(articles, store, read_options(cfg.stage("dedup"))))
            if "extract" not in skip:
                step("extract (per article)", lambda: extract_run(ctx, Analysis()))
        analysis = Analysis()
        for name, spec in STAGES:
            if name not in skip:
                analysis = step(name, lambda spec=spec, prior=analysis: load_stage(spec)(ctx, prior))
        prior = Analysis(duplicate_of=analysis.duplicate_of)
        step("cluster (cached, again)", lambda: load_stage("storyline.cluster:run")(ctx, prior))
        step("save analysis (store)", lambda: store.save_analysis(analysis))
        if not direct:  # the streaming export reads the articles back from the store
            from storyline.scale.stream_export import write_jsonl

            step("export jsonl (streamed)", lambda: write_jsonl(store, workdir / "export.jsonl"))
    return {
        "n": len(articles),
        "ingested": ingested,
        "skipped": sorted(skip),
        "embedder": get_embedder(cfg).name,
        "engine": engine,
        "stories": len(analysis.stories),
        "claims": len(analysis.claims),
        "steps": steps,
    }


PIPELINE_STEPS = (
    "embed",
    "minhash",
    "extract (per article)",
    "features (ray)",
    "dedup",
    "cluster",
    "extract",
    "provenance",
    "compare",
    "brief",
)


def _print(result: dict[str, Any]) -> None:
    n = result["n"]
    print(
        f"\n{n} articles ({result['ingested']} ingested; stages left out: {','.join(result['skipped']) or 'none'}), "
        f"embedder {result['embedder']}, "
        f"engine {result['engine']}, {os.cpu_count()} cores: {result['stories']} stories, "
        f"{result['claims']} claims"
    )
    print(f"  {'step':<26}{'seconds':>9}{'articles/s':>12}{'CPU s':>8}{'art/CPU s':>11}{'peak RSS MB':>13}")
    for name, secs, rss, cpu in result["steps"]:
        print(
            f"  {name:<26}{secs:9.2f}{n / max(secs, 1e-9):12.1f}{cpu:8.2f}{n / max(cpu, 1e-9):11.1f}{rss:13.0f}"
        )
    wall = sum(st[1] for st in result["steps"] if st[0] in PIPELINE_STEPS)
    cpu = sum(st[3] for st in result["steps"] if st[0] in PIPELINE_STEPS)
    print(f"  {'analysis (no ingest)':<26}{wall:9.2f}{n / wall:12.1f}{cpu:8.2f}{n / max(cpu, 1e-9):11.1f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--embedder", default="hashing", choices=("hashing", "e5", "auto"))
    ap.add_argument("--engine", default="local", choices=("local", "ray"))
    ap.add_argument("--skip", default="", help="stages to leave out, e.g. extract,provenance,compare,brief")
    ap.add_argument(
        "--direct", action="store_true", help="build articles from the records (no parse/clean/store)"
    )
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # run one size here, print JSON
    ap.add_argument("--profile", help="pyinstrument HTML profile of the (first) size")
    args = ap.parse_args(argv)
    skip = frozenset(x for x in args.skip.split(",") if x)
    if args.one:
        with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
            if args.profile:
                from pyinstrument import Profiler

                with Profiler(interval=0.005) as prof:
                    result = run_one(args.one, args.embedder, args.engine, Path(tmp), skip, args.direct)
                Path(args.profile).write_text(prof.output_html(), encoding="utf-8")
                print(prof.output_text(unicode=False, color=False, show_all=False), file=sys.stderr)
            else:
                result = run_one(args.one, args.embedder, args.engine, Path(tmp), skip, args.direct)
        print(json.dumps(result))
        return 0
    print(
        f"bench.pipeline: synthetic streams from {synth.SHARED} ({os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f})"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        cmd = [
            sys.executable,
            "-m",
            "bench.pipeline",
            "--one",
            str(size),
            "--embedder",
            args.embedder,
            "--engine",
            args.engine,
            "--skip",
            args.skip,
        ] + (["--direct"] if args.direct else [])
        if args.profile:
            cmd += ["--profile", args.profile]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode:
            print(proc.stderr[-3000:])
            return proc.returncode
        if args.profile:
            print(proc.stderr[-6000:])
        _print(json.loads(proc.stdout.strip().splitlines()[-1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
