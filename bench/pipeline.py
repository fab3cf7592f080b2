"""Full-pipeline throughput and peak memory on synthetic streams of growing length.

``python -m bench.pipeline [--sizes 1000,10000] [--embedder hashing|e5] [--engine local|ray] [--procs N]``

Each size runs in its own subprocess (so ``ru_maxrss`` is that run's peak) over a
fresh store: ingest (parse + clean + store) the stream from bench/synth.py, then
the per-article features one by one (embeddings, MinHash signatures, extraction
— on Ray when ``--engine ray``, in ``--procs N`` worker processes of the local
engine when N > 1), then every corpus stage in pipeline order, which
find those features cached, so each stage's own time is shown apart from the
feature work. Last, the cluster stage again on the cached features: the figure
for "clustering with cached features". Printed: seconds, articles/s and the peak
RSS after each step, and the CPU seconds of the process and its ended child
processes (on a shared machine the wall clock counts other people's work; CPU
time does not, but it also sums threads; Ray workers' CPU is not in it, local
worker processes' is; peak RSS is this process's only). Use ``--profile FILE.html`` to write a pyinstrument profile
of one size's run.

``--growth`` (default sizes 10000,100000) runs only what must scale with the
stream on a single machine: ingest (parse + clean + store) of a stream where a
repeated text has its own URL (``synth.stream(urls=True)``, so N records are N
articles; the rest are URL-less, keyed by content hash), then MinHash signatures and the dedup stage, both reading the
store in stream order a chunk at a time. It prints each step's time, CPU time
and its *own* peak RSS (the kernel's high-water mark is reset before each
step), and how many articles dedup held at once (its live window,
``--window-days``; 0 keeps every article).
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


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (local worker processes)."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def run_one(
    n: int,
    embedder: str,
    engine: str,
    workdir: Path,
    skip: frozenset[str] = frozenset(),
    direct: bool = False,
    procs: int = 1,
    embed_chars: int | None = None,
) -> dict[str, Any]:
    """One size, end to end; returns ``{"n", "steps": [(name, seconds, peak_mb)], ...}``."""
    from storyline.cluster.stage import story_vectors
    from storyline.config import load_config
    from storyline.dedup.minhash import signatures
    from storyline.dedup.stage import read_options
    from storyline.embed import get_embedder
    from storyline.extract.stage import run as extract_run
    from storyline.pipeline import STAGES, StageContext, ingest, load_stage, stream_order
    from storyline.records import Analysis
    from storyline.store import Store

    cfg = load_config(
        env={},
        db=str(workdir / "bench.db"),
        embedder=embedder,
        ray_cpus=os.cpu_count() or 1,
        procs=procs,
        stages={} if embed_chars is None else {"cluster": {"embed_chars": embed_chars}},
    )
    steps: list[tuple[str, float, float, float]] = []

    def step(name: str, fn: Any) -> Any:
        t, cpu = time.perf_counter(), _cpu()
        out = fn()
        steps.append((name, time.perf_counter() - t, _rss_mb(), _cpu() - cpu))
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
        elif procs > 1:
            from storyline.scale.local import precompute_features as in_workers

            step(f"features ({procs} procs)", lambda: in_workers(articles, cfg, store, skip=skip))
        else:
            step("embed", lambda: story_vectors(articles, store, cfg))
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
        "procs": procs,
        "embed_chars": embed_chars,
        "stories": len(analysis.stories),
        "claims": len(analysis.claims),
        "steps": steps,
    }


def _status_kb(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return float(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (Linux >= 4.0), so the next peak is one step's own."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _mem_mb() -> tuple[float, float]:
    """(current RSS, peak RSS since the last reset) in MB; the process peak where /proc is missing."""
    cur, hwm = _status_kb("VmRSS"), _status_kb("VmHWM")
    peak = hwm / 1024 if hwm is not None else _rss_mb()
    return (cur / 1024 if cur is not None else peak), peak


def run_growth(n: int, workdir: Path, window_days: int | None = None) -> dict[str, Any]:
    """Ingest + MinHash + dedup over an ``n``-article stream, each step's time and own peak memory."""
    from storyline.config import load_config
    from storyline.dedup.minhash import signatures
    from storyline.dedup.stage import SIGNATURE_CHUNK, find_copies, read_options
    from storyline.pipeline import ingest, iter_stream_order
    from storyline.store import Store

    cfg = load_config(env={}, db=str(workdir / "bench.db"), embedder="hashing")
    opts = dict(cfg.stage("dedup"))
    if window_days is not None:
        opts["window_days"] = window_days
    p = read_options(opts)
    steps: list[tuple[str, float, float, float, float, float]] = []

    def step(name: str, fn: Any) -> Any:
        before = _mem_mb()[0]
        _reset_peak()
        t, cpu = time.perf_counter(), time.process_time()
        out = fn()
        wall, cpu = time.perf_counter() - t, time.process_time() - cpu
        after, peak = _mem_mb()
        steps.append((name, wall, cpu, before, peak, after))
        return out

    def fill_signatures(store: Any) -> int:
        done, chunk = 0, []
        for art in iter_stream_order(store, chunk=SIGNATURE_CHUNK):
            chunk.append(art)
            if len(chunk) == SIGNATURE_CHUNK:
                signatures(chunk, store, p)
                done, chunk = done + len(chunk), []
        signatures(chunk, store, p)
        return done + len(chunk)

    stats: dict[str, int] = {}
    with Store(cfg.db) as store:
        src = step("write synthetic stream", lambda: synth.write(n, workdir / "stream.jsonl", urls=True))
        report = step("ingest", lambda: ingest([str(src)], store, cfg))
        step("minhash (features)", lambda: fill_signatures(store))
        dup, edges = step("dedup (cached)", lambda: find_copies(iter_stream_order(store), store, p, stats))
        count = store.count_articles()
    return {
        "n": count,
        "ingested": len(report.added),
        "failures": len(report.failures),
        "window_days": p.window_days,
        "copies": len(dup),
        "copy_edges": len(edges),
        "steps": steps,
        **stats,
    }


def run_windowed(
    n: int, embedder: str, workdir: Path, window: int, procs: int = 1, serial_stories: bool = False
) -> dict[str, Any]:
    """Ingest an ``n``-article stream, then ``storyline.window.analyze_store`` (what the CLI runs) as one
    step with its own peak RSS: the whole analysis held (``window`` 0) or a batch of storylines at a time."""
    from storyline.config import load_config
    from storyline.pipeline import ingest
    from storyline.store import Store
    from storyline.window import analyze_store

    cfg = load_config(env={}, db=str(workdir / "bench.db"), embedder=embedder, procs=procs, window=window)
    src = synth.write(n, workdir / "stream.jsonl")
    with Store(cfg.db) as store:
        ingest([str(src)], store, cfg)
        count = store.count_articles()
    before = _mem_mb()[0]
    _reset_peak()
    t, cpu = time.perf_counter(), _cpu()
    stream_peak: list[float] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage in ("extract", "story stages") and not stream_peak:  # the stream stages are over: their peak
            stream_peak.append(_mem_mb()[1])

    with Store(cfg.db) as store:
        counts = analyze_store(store, cfg, progress=progress, parallel_min=10**12 if serial_stories else 1000)
    wall, cpu = time.perf_counter() - t, _cpu() - cpu
    after, peak = _mem_mb()
    return {
        "stream_peak_mb": stream_peak[0] if stream_peak else None,
        # the largest ended child process (feature or story-stage worker): each holds one batch
        "child_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "n": count,
        "window": window,
        "procs": procs,
        "story_procs": 1 if serial_stories or procs < 2 else procs,
        "embedder": embedder,
        "wall": wall,
        "cpu": cpu,
        "before_mb": before,
        "peak_mb": peak,
        "after_mb": after,
        **counts,
    }


def _print_windowed(r: dict[str, Any]) -> None:
    print(
        f"  {r['n']:>7} articles  window {r['window'] or 'all':>5}  {r['batches']:>3} batches "
        f"in {r.get('story_procs', 1)} proc(s)  "
        f"{r['wall']:8.1f} s  {r['n'] / max(r['wall'], 1e-9):6.1f} art/s  CPU {r['cpu']:7.1f} s  "
        f"RSS before {r['before_mb']:5.0f} MB, peak {r['peak_mb']:5.0f} MB "
        f"(dedup + cluster {r['stream_peak_mb'] or 0:5.0f}; largest worker {r.get('child_peak_mb') or 0:4.0f})  "
        f"({r['stories']} stories, {r['claims']} claims)"
    )


def _print_growth(result: dict[str, Any]) -> None:
    n = result["n"]
    print(
        f"\n{n} articles ({result['ingested']} ingested, {result['failures']} failures), {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}: dedup window {result['window_days']} days, "
        f"{result['copies']} near copies, {result['copy_edges']} copies edges, "
        f"at most {result.get('peak_live', '?')} articles indexed at once ({result.get('evicted', '?')} aged out)"
    )
    print(
        f"  {'step':<24}{'seconds':>9}{'art/s':>9}{'CPU s':>9}{'art/CPU s':>11}"
        f"{'RSS before':>12}{'step peak':>11}{'RSS after':>11}"
    )
    for name, wall, cpu, before, peak, after in result["steps"]:
        print(
            f"  {name:<24}{wall:9.2f}{n / max(wall, 1e-9):9.0f}{cpu:9.2f}{n / max(cpu, 1e-9):11.0f}"
            f"{before:10.0f}MB{peak:9.0f}MB{after:9.0f}MB"
        )


PIPELINE_STEPS = (
    "embed",
    "minhash",
    "extract (per article)",
    "features (ray)",
    *(f"features ({k} procs)" for k in range(2, 65)),
    "dedup",
    "cluster",
    "extract",
    "provenance",
    "compare",
    "brief",
)


def _embed_note(embed_chars: int | None) -> str:
    return "" if embed_chars is None else f" (title + {embed_chars} chars)"


def _print(result: dict[str, Any]) -> None:
    n = result["n"]
    print(
        f"\n{n} articles ({result['ingested']} ingested; stages left out: {','.join(result['skipped']) or 'none'}), "
        f"embedder {result['embedder']}"
        f"{_embed_note(result.get('embed_chars'))}, "
        f"engine {result['engine']} ({result.get('procs', 1)} procs), {os.cpu_count()} cores: {result['stories']} stories, "
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


def _child(cmd: list[str]) -> dict[str, Any] | None:
    """Run one size in its own process (its own peak RSS); its JSON result, or None (stderr printed)."""
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode:
        print(proc.stderr[-3000:])
        return None
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=None, help="default 1000,10000 (10000,100000 with --growth)")
    ap.add_argument(
        "--growth", action="store_true", help="ingest + MinHash + dedup only, each step's own peak RSS"
    )
    ap.add_argument(
        "--window-days", type=int, default=None, help="dedup live window for --growth (0: no window)"
    )
    ap.add_argument("--embedder", default="hashing", choices=("hashing", "e5", "auto"))
    ap.add_argument("--engine", default="local", choices=("local", "ray"))
    ap.add_argument(
        "--embed-chars",
        type=int,
        default=None,
        help="[stages.cluster] embed_chars (0: E5 reads the title alone)",
    )
    ap.add_argument(
        "--procs", type=int, default=1, help="local engine: worker processes for the per-article features"
    )
    ap.add_argument("--skip", default="", help="stages to leave out, e.g. extract,provenance,compare,brief")
    ap.add_argument(
        "--direct", action="store_true", help="build articles from the records (no parse/clean/store)"
    )
    ap.add_argument(
        "--windows",
        help="e.g. 0,2000: the CLI's analysis (storyline.window) with these batch sizes (0: all at once), "
        "its own peak RSS",
    )
    ap.add_argument(
        "--serial-stories", action="store_true", help="with --windows: the story stages in this process"
    )
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # run one size here, print JSON
    ap.add_argument("--profile", help="pyinstrument HTML profile of the (first) size")
    args = ap.parse_args(argv)
    skip = frozenset(x for x in args.skip.split(",") if x)
    sizes = args.sizes or ("10000,100000" if args.growth else "1000,10000")
    if args.one and args.growth:
        with tempfile.TemporaryDirectory(prefix="bench-growth-") as tmp:
            print(json.dumps(run_growth(args.one, Path(tmp), args.window_days)))
        return 0
    if args.one and args.windows:
        with tempfile.TemporaryDirectory(prefix="bench-window-") as tmp:
            result = run_windowed(
                args.one, args.embedder, Path(tmp), int(args.windows), args.procs, args.serial_stories
            )
            print(json.dumps(result))
        return 0
    if args.one:
        with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:

            def one() -> dict[str, Any]:
                return run_one(
                    args.one,
                    args.embedder,
                    args.engine,
                    Path(tmp),
                    skip,
                    args.direct,
                    args.procs,
                    args.embed_chars,
                )

            if args.profile:
                from pyinstrument import Profiler

                with Profiler(interval=0.005) as prof:
                    result = one()
                Path(args.profile).write_text(prof.output_html(), encoding="utf-8")
                print(prof.output_text(unicode=False, color=False, show_all=False), file=sys.stderr)
            else:
                result = one()
        print(json.dumps(result))
        return 0
    print(
        f"bench.pipeline: synthetic streams from {synth.SHARED} ({os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f})"
    )
    if args.windows:
        print(
            f"storyline.window.analyze_store, embedder {args.embedder}, {args.procs} procs (peak RSS: this process)"
        )
        for size in (int(s) for s in sizes.split(",")):
            for window in (int(w) for w in args.windows.split(",")):
                cmd = [sys.executable, "-m", "bench.pipeline", "--one", str(size), "--windows", str(window)]
                cmd += ["--embedder", args.embedder, "--procs", str(args.procs)]
                cmd += ["--serial-stories"] if args.serial_stories else []
                result = _child(cmd)
                if result is None:
                    return 1
                _print_windowed(result)
        return 0
    if args.growth:
        for size in (int(s) for s in sizes.split(",")):
            cmd = [sys.executable, "-m", "bench.pipeline", "--growth", "--one", str(size)]
            if args.window_days is not None:
                cmd += ["--window-days", str(args.window_days)]
            result = _child(cmd)
            if result is None:
                return 1
            _print_growth(result)
        return 0
    for size in (int(s) for s in sizes.split(",")):
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
            "--procs",
            str(args.procs),
        ] + (["--direct"] if args.direct else [])
        if args.embed_chars is not None:
            cmd += ["--embed-chars", str(args.embed_chars)]
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
