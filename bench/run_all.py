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
ORDER = (
    "ingest",
    "ingest_formats",
    "clean",
    "cluster",
    "extract",
    "provenance",
    "compare",
    "brief",
    "report",
    "api",
    "pipeline",
    "engines",
    "bertopic_peer",
)
# Default arguments per bench (a bench run alone takes its own defaults).
ARGS: dict[str, list[str]] = {"cluster": ["--first-n", "40"]}


def main() -> int:
    failed = []
    for name in ORDER:
        if importlib.util.find_spec(f"bench.{name}") is None:
            continue
        print(f"\n=== bench.{name} ===", flush=True)
        started = time.perf_counter()
        rc = subprocess.call([sys.executable, "-m", f"bench.{name}", *ARGS.get(name, []), *sys.argv[1:]])
        print(f"=== bench.{name}: exit {rc}, {time.perf_counter() - started:.0f} s ===", flush=True)
        if rc:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
