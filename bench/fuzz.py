"""Hostile-input soak: ≥ 10,000 generated inputs mixed with good articles through ``pipeline.ingest``.

    .venv/bin/python -m bench.fuzz [--n 10000] [--seed 9] [--timeout 60] [--json]

Inputs (see ``bench/fuzz_inputs.py``): binary, wrong encodings, empty, huge,
gzip bombs, deeply nested / hostile HTML, malformed feeds, JSONL and WARC,
URL lists of private addresses, randomly mutated good files — and about 15%
good articles (some inside files with malformed neighbours). Each input is
written to a file and ingested by a worker subprocess into its own store; the
parent gives each input ``--timeout`` seconds and kills and restarts a worker
that overruns (a hang) or dies (a crash). Printed: inputs tried, crashes
(exceptions escaping ingest, worker deaths, ``error``-coded failures), hangs,
good articles lost, per-input time, peak worker memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import selectors
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.fuzz_inputs import make_case

DECOMPRESSED_CAP = 16 * 1024 * 1024  # the bench's limits.max_decompressed_bytes: bombs of 20-48 MB trip it


# ------------------------------------------------------------------ worker
def worker(db: str) -> None:
    """Read input paths from stdin, ingest each, answer one JSON line per input."""
    from storyline.config import Config, Limits
    from storyline.pipeline import ingest
    from storyline.store import Store

    cfg = Config(db=db, limits=Limits(max_decompressed_bytes=DECOMPRESSED_CAP, fetch_timeout_s=2.0))
    with Store(db) as store:
        for line in sys.stdin:
            path = line.strip()
            result: dict[str, Any] = {"path": path}
            started = time.perf_counter()
            try:
                report = ingest([path], store, cfg)
                titles = [
                    a.title for a in (store.get_article(i) for i in report.added + report.existing) if a
                ]
                result.update(
                    titles=titles,
                    failures=[f.code for f in report.failures],
                    errors=[f"{f.source}: {f.reason}" for f in report.failures if f.code == "error"],
                    bad_reasons=[f.reason for f in report.failures if not f.reason or "\n" in f.reason],
                )
            except BaseException as exc:  # noqa: BLE001 - the bench counts what escapes
                result["crash"] = f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
            result["seconds"] = time.perf_counter() - started
            result["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            sys.stdout.write(json.dumps(result) + "\n")
            sys.stdout.flush()


class Worker:
    """One worker subprocess with a line protocol and a per-input deadline."""

    def __init__(self, db: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.fuzz", "--worker", db],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            bufsize=1,
        )
        self.sel = selectors.DefaultSelector()
        assert self.proc.stdout is not None
        self.sel.register(self.proc.stdout, selectors.EVENT_READ)

    def run(self, path: str, timeout: float) -> dict[str, Any] | str:
        """The worker's answer, or "hang" / "died"."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(path + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            return "died"
        if not self.sel.select(timeout):
            return "hang"
        line = self.proc.stdout.readline()
        return json.loads(line) if line else "died"

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()


# ------------------------------------------------------------------ parent
def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=10_000, help="inputs to generate and ingest")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds one input may take (else: a hang)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()  # bench.run_all passes its own arguments through
    if args.worker:
        worker(args.worker)
        return 0
    rng = random.Random(args.seed)
    stats: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    problems: list[str] = []
    times: list[float] = []
    peak_kb = 0
    good_expected = good_kept = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="storyline-fuzz-") as tmp:
        db_n = 0

        def fresh() -> Worker:
            nonlocal db_n
            db_n += 1
            return Worker(str(Path(tmp) / f"fuzz-{db_n}.db"))

        w = fresh()
        for i in range(args.n):
            if i and i % 500 == 0:  # progress on stderr, so a long soak shows where it is
                print(
                    f"  ... {i} inputs, {dict(stats)}, good lost {good_expected - good_kept}, "
                    f"{time.perf_counter() - started:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
            case = make_case(rng, i)
            kinds[case.kind] += 1
            path = Path(tmp) / "in" / case.name
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(case.data)
            answer = w.run(str(path), args.timeout)
            path.unlink()
            good_expected += len(case.good)
            if isinstance(answer, str):  # hang or died: restart the worker, count it
                stats["hangs" if answer == "hang" else "crashes"] += 1
                problems.append(f"{answer}: input {i} ({case.kind}, {len(case.data)} bytes)")
                w.kill()
                w = fresh()
                continue
            times.append(answer["seconds"])
            peak_kb = max(peak_kb, answer["maxrss_kb"])
            if "crash" in answer:
                stats["crashes"] += 1
                problems.append(f"crash: input {i} ({case.kind}): {answer['crash']}")
                continue
            stats["unexpected errors"] += len(answer["errors"])
            stats["unclear messages"] += len(answer["bad_reasons"])
            problems += [f"error: input {i} ({case.kind}): {e}" for e in answer["errors"]]
            stats["failures"] += len(answer["failures"])
            kept = set(answer["titles"])
            lost = [t for t in case.good if t not in kept]
            good_kept += len(case.good) - len(lost)
            problems += [f"lost: input {i} ({case.kind}): {t}" for t in lost]
        w.kill()
    elapsed = time.perf_counter() - started
    times.sort()
    result = {
        "inputs tried": args.n,
        "crashes": stats["crashes"],
        "hangs": stats["hangs"],
        "unexpected errors": stats["unexpected errors"],
        "unclear failure messages": stats["unclear messages"],
        "good articles expected": good_expected,
        "good articles lost": good_expected - good_kept,
        "per-input failures reported": stats["failures"],
        "median s/input": round(times[len(times) // 2], 4) if times else None,
        "max s/input": round(times[-1], 2) if times else None,
        "peak worker memory MB": round(peak_kb / 1024, 1),
        "wall s": round(elapsed, 1),
        "timeout s": args.timeout,
        "input kinds": dict(sorted(kinds.items())),
        "problems": problems[:20],
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"bench.fuzz — {args.n} generated inputs (seed {args.seed}) through pipeline.ingest, "
            f"{args.timeout:g} s per input, limits.max_decompressed_bytes={DECOMPRESSED_CAP >> 20} MB"
        )
        for key, value in result.items():
            if key not in ("problems", "input kinds"):
                print(f"  {key:<30} {value}")
        print("  input kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
        for p in problems[:20]:
            print("  !", p)
    bad = stats["crashes"] + stats["hangs"] + stats["unexpected errors"] + (good_expected - good_kept)
    return 1 if bad else 0


if __name__ == "__main__":
    os.environ.setdefault("STORYLINE_SKIP_STAGES", "")
    sys.exit(main())
