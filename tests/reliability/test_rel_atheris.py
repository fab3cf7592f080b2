"""The atheris harness (``fuzz/fuzz_ingest.py``) in ``make test``: its targets pass on every seed,
it reports a planted bug, and — when atheris is installed (``make soak``) — a short libFuzzer run ends clean.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_ingest", ROOT / "fuzz" / "fuzz_ingest.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_every_target_passes_on_the_seeds(harness: ModuleType) -> None:
    seeds = harness.seeds(120)
    assert len({s[0] % len(harness.TARGETS) for s in seeds}) == len(
        harness.TARGETS
    )  # every target is reached
    for data in seeds:
        harness.one_input(data)  # raises on a finding


def test_a_planted_bug_is_reported(harness: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    harness.one_input(b"\x00warm")
    real = harness.M["parse_text"]

    def broken(text: str, source: str, doc_id: str) -> object:
        if "boom" in text:
            raise KeyError("boom")
        return real(text, source, doc_id)

    monkeypatch.setitem(harness.M, "parse_text", broken)
    harness.one_input(b"\x01Headline\nbody")
    with pytest.raises(KeyError):
        harness.one_input(b"\x01boom\nbody")


@pytest.mark.slow
def test_a_short_libfuzzer_run_is_clean(tmp_path: Path) -> None:
    if importlib.util.find_spec("atheris") is None:
        pytest.skip("atheris is not installed: `pip install -e '.[fuzz]'` (make soak does)")
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "fuzz" / "fuzz_ingest.py"),
            "-runs=400",
            f"-artifact_prefix={tmp_path}/",
            "-rss_limit_mb=3000",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Done 400 runs" in run.stderr or "DONE" in run.stderr, run.stderr[-1000:]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-"))]
