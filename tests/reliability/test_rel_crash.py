"""Crash safety: ``storyline analyze`` killed with SIGKILL at random points, then rerun.

A real CLI subprocess over a corpus on disk is killed several times — while it
ingests (when the store reaches a random article count) and while the stages run
(after a random delay) — and each time the store must pass SQLite's integrity
check and hold no duplicate. A last, uninterrupted rerun must then hold every
article once and write the same export as a run that was never interrupted
(minus ``generated_at``).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from .corpus import write_corpus

pytestmark = pytest.mark.slow
ROUNDS = 6
VOLATILE = ("generated_at",)


def analyze_cmd(corpus: Path, db: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "storyline.cli.main",
        "analyze",
        str(corpus),
        "--db",
        str(db),
        "--json",
        str(out),
        "--embedder",
        "hashing",
        "-q",
    ]


def run_env() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "200", "STORYLINE_EMBEDDER": "hashing"}


def count_articles(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:  # not created yet / schema not migrated yet
        return 0


def check_store(db: Path) -> tuple[int, int]:
    """Integrity check and duplicate check; returns (articles, distinct content hashes)."""
    with sqlite3.connect(str(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        try:
            n, ids, hashes = conn.execute(
                "SELECT COUNT(*), COUNT(DISTINCT id), COUNT(DISTINCT content_hash) FROM articles"
            ).fetchone()
        except sqlite3.OperationalError:  # killed before the first migration committed
            return 0, 0
    assert n == ids
    return int(n), int(hashes)


def stable(export_path: Path) -> dict[str, Any]:
    data = json.loads(export_path.read_text(encoding="utf-8"))
    for key in VOLATILE:
        data.pop(key, None)
    return data


def kill_when(proc: subprocess.Popen[bytes], db: Path, *, articles: int | None, delay: float) -> bool:
    """SIGKILL ``proc`` once the store holds ``articles`` articles, or after ``delay`` s; False if it ended first."""
    start = time.monotonic()
    while proc.poll() is None:
        if articles is not None and count_articles(db) >= articles:
            break
        if articles is None and time.monotonic() - start >= delay:
            break
        time.sleep(0.01)
    if proc.poll() is not None:
        return False
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    return proc.returncode == -signal.SIGKILL


def test_kill_9_during_analyze_loses_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    titles = write_corpus(corpus)
    env = run_env()

    started = time.monotonic()
    base = subprocess.run(
        analyze_cmd(corpus, tmp_path / "base.db", tmp_path / "base.json"),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    full_time = time.monotonic() - started
    assert base.returncode == 0, base.stderr
    expected = stable(tmp_path / "base.json")
    assert sorted(a["title"] for a in expected["articles"]) == sorted(titles)

    rng = random.Random(9)  # seeded: the kill points are random but the same on every run
    db, out = tmp_path / "crash.db", tmp_path / "crash.json"
    kills: list[str] = []
    attempts = 0
    while len(kills) < ROUNDS and attempts < 3 * ROUNDS:
        attempts += 1
        have = count_articles(db)
        during_ingest = len(kills) < ROUNDS // 2 and have < len(titles) - 1
        target = rng.randint(have + 1, len(titles) - 1) if during_ingest else None
        delay = rng.uniform(0.3, 0.95) * full_time
        proc = subprocess.Popen(
            analyze_cmd(corpus, db, out), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if kill_when(proc, db, articles=target, delay=delay):
            n, hashes = check_store(db)  # after every kill: the store opens, is intact, holds no duplicate
            assert n == hashes <= len(titles)
            kills.append(f"at {n} articles" + (" (ingest)" if target else f" (after {delay:.1f} s)"))
    assert len(kills) >= 5, f"only {len(kills)} kill rounds landed: {kills}"
    print("kill -9 rounds:", kills)  # shown with -s; the figures for the closing note

    final = subprocess.run(analyze_cmd(corpus, db, out), env=env, capture_output=True, text=True, timeout=600)
    assert final.returncode == 0, final.stderr
    n, hashes = check_store(db)
    assert n == hashes == len(titles), kills  # nothing lost, nothing twice
    got = stable(out)
    assert [a["id"] for a in got["articles"]] == [a["id"] for a in expected["articles"]]
    assert got == expected, f"export differs from an uninterrupted run after kills {kills}"
