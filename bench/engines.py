"""The local engine against the Ray engine in local mode, on the same synthetic stream.

``python -m bench.engines [--size 500] [--embedder hashing|e5]``

Each engine analyses the same stream (bench/synth.py) on a fresh store, in its
own subprocess (clean peak RSS). Ray's figure includes starting Ray locally and
its worker processes loading the models once each. Printed: seconds,
articles/s, peak RSS of the driver, whether the two analyses are identical.
On one machine Ray can only win where the per-article work (extraction,
embeddings) dominates and there are idle cores; its point is a cluster.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import synth


def run_one(engine: str, n: int, embedder: str, tmp: Path) -> dict:
    from storyline.config import load_config
    from storyline.pipeline import analyze_articles, ingest
    from storyline.records import to_dict
    from storyline.store import Store

    src = synth.write(n, tmp / "stream.jsonl")
    cfg = load_config(env={}, db=str(tmp / f"{engine}.db"), embedder=embedder, ray_cpus=os.cpu_count() or 1)
    with Store(cfg.db) as store:
        ingest([str(src)], store, cfg)
        articles = store.articles()
        started = time.perf_counter()
        if engine == "ray":
            from storyline.scale import analyze_with_ray

            analysis = analyze_with_ray(articles, cfg, store=store)
        else:
            analysis = analyze_articles(articles, cfg, store=store)
        secs = time.perf_counter() - started
    digest = hashlib.sha1(json.dumps(to_dict(analysis), sort_keys=True, default=str).encode()).hexdigest()
    return {
        "engine": engine,
        "n": len(articles),
        "seconds": secs,
        "stories": len(analysis.stories),
        "claims": len(analysis.claims),
        "digest": digest,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=500)
    ap.add_argument("--embedder", default="hashing", choices=("hashing", "e5", "auto"))
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        with tempfile.TemporaryDirectory(prefix="bench-engines-") as tmp:
            print(json.dumps(run_one(args.one, args.size, args.embedder, Path(tmp))))
        return 0
    try:
        import ray  # noqa: F401
    except ImportError:
        print("bench.engines: ray is not installed (make bench installs the ray extra); skipped")
        return 0
    print(
        f"bench.engines: {args.size} synthetic articles, embedder {args.embedder}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    results = []
    for engine in ("local", "ray"):
        cmd = [
            sys.executable,
            "-m",
            "bench.engines",
            "--one",
            engine,
            "--size",
            str(args.size),
            "--embedder",
            args.embedder,
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode:
            print(proc.stderr[-3000:])
            return proc.returncode
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    print(f"  {'engine':<8}{'seconds':>9}{'articles/s':>12}{'peak RSS MB':>13}{'stories':>9}{'claims':>8}")
    for r in results:
        print(
            f"  {r['engine']:<8}{r['seconds']:9.1f}{r['n'] / r['seconds']:12.1f}{r['rss_mb']:13.0f}"
            f"{r['stories']:9d}{r['claims']:8d}"
        )
    local, ray_run = results
    print(
        f"  ray / local time: {ray_run['seconds'] / local['seconds']:.2f}; "
        f"identical analyses: {local['digest'] == ray_run['digest']}"
    )
    if local["digest"] != ray_run["digest"]:  # the runs are minutes apart on a shared working tree
        print(
            "  (not identical: if stage code changed between the two runs, rerun; tests/scale checks equality)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
