"""Run every benchmark module in bench/ in turn (``make bench``).

Each module is runnable alone as ``python -m bench.<name>`` and prints its
own figures; this runner only sequences them and reports which failed.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time

# The long reliability runs (bench.fuzz, bench.load) are in `make soak`, not here.
# Each entry: (module, default arguments); a bench run alone takes its own defaults.
ORDER: tuple[tuple[str, list[str]], ...] = (
    ("ingest", []),
    ("ingest_formats", []),
    ("clean", []),
    ("cluster", ["--first-n", "40"]),  # quality, throughput, and the 10k/100k streams (bench.cluster_stream)
    ("extract", []),
    ("extract", ["--procs", "2"]),
    ("provenance", []),
    ("compare", []),
    ("brief", []),
    ("report", []),
    ("api", []),
    ("pipeline", []),  # the full analysis at 1k and 10k articles, one process
    ("pipeline", ["--sizes", "1000", "--procs", "2"]),  # the same at 1k with two worker processes
    ("pipeline", ["--sizes", "1000", "--procs", "2", "--embedder", "e5", "--embed-chars", "0"]),  # E5, titles
    # storyline analyze's own path (window.analyze_store) at 1k: whole in one process, then the default
    ("pipeline", ["--sizes", "1000", "--procs", "2", "--windows", "0", "--serial-stories"]),
    ("pipeline", ["--sizes", "1000", "--procs", "2", "--windows", "5000"]),
    ("pipeline", ["--growth"]),  # ingest + MinHash + dedup at 10k and 100k articles
    ("engines", []),
    ("bertopic_peer", []),
)


def main() -> int:
    failed = []
    for name, args in ORDER:
        if importlib.util.find_spec(f"bench.{name}") is None:
            continue
        label = " ".join([f"bench.{name}", *args])
        print(f"\n=== {label} ===", flush=True)
        started = time.perf_counter()
        rc = subprocess.call([sys.executable, "-m", f"bench.{name}", *args, *sys.argv[1:]])
        print(f"=== {label}: exit {rc}, {time.perf_counter() - started:.0f} s ===", flush=True)
        if rc:
            failed.append(label)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
