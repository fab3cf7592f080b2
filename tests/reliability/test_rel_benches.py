"""The soak benches in small: ``bench.fuzz`` and ``bench.load`` run as a user runs them, and pass.

``make soak`` runs them long (10,000 inputs; 16 readers for a minute); here a
few hundred inputs and a few readers keep ``make test`` quick while still
failing on the first crash, hang, lost article or failed request.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def bench(*args: str) -> dict[str, object]:
    run = subprocess.run(
        [sys.executable, "-m", *args, "--json"], cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    assert run.stdout.strip(), run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert run.returncode == 0, result
    return result


def test_fuzz_bench_small() -> None:
    r = bench("bench.fuzz", "--n", "100", "--seed", "3", "--timeout", "120")
    assert r["inputs tried"] == 100
    assert r["good articles expected"] > 0
    assert (r["crashes"], r["hangs"], r["unexpected errors"], r["good articles lost"]) == (0, 0, 0, 0)
    assert r["per-input failures reported"] > 30  # the hostile ones were refused, each on its own


def test_load_bench_small() -> None:
    r = bench("bench.load", "--readers", "4", "--seconds", "5", "--articles", "6")
    assert r["errors"] == 0 and r["requests"] > 20 and r["ingest status"] == 200
    assert r["articles before/after"] == "6/12"
