"""The CLI end to end, as a user runs it: real subprocesses, real store, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "corpus"
OUTLETS = ROOT / "examples" / "outlets.csv"
SCHEMA = json.loads((ROOT / "docs" / "export.schema.json").read_text())


def storyline(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "storyline.cli.main", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli")
    result = storyline("analyze", str(CORPUS), "--outlets", str(OUTLETS), "--db", "demo.db",
                       "--json", "out.json", "--report", "out.html", cwd=tmp)
    return tmp, result


def test_analyze_the_sample_corpus_writes_a_valid_export(demo_run):
    tmp, result = demo_run
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp / "out.json").read_text())
    jsonschema.validate(data, SCHEMA)
    n_files = sum(1 for p in CORPUS.rglob("*") if p.is_file())
    assert len(data["articles"]) >= n_files  # a feed or JSONL file holds several articles
    assert data["failures"] == []
    assert all(a["text"].strip() for a in data["articles"])
    assert "articles" in result.stdout and "export: out.json" in result.stdout


def test_rerun_resumes_without_duplicates(demo_run):
    tmp, _ = demo_run
    before = json.loads((tmp / "out.json").read_text())
    # the rerun also takes the story stages a few storylines at a time (--window): same records
    again = storyline("analyze", str(CORPUS), "--outlets", str(OUTLETS), "--db", "demo.db", "--json", "again.json",
                      "--window", "3", cwd=tmp)
    assert again.returncode == 0, again.stderr
    after = json.loads((tmp / "again.json").read_text())
    assert sorted(a["id"] for a in after["articles"]) == sorted(a["id"] for a in before["articles"])
    for kind in ("stories", "claims", "provenance", "briefings"):
        assert sorted(json.dumps(r, sort_keys=True) for r in after[kind]) == sorted(
            json.dumps(r, sort_keys=True) for r in before[kind]
        ), kind
    assert before["claims"] and before["briefings"]


def test_articles_and_show_read_the_store(demo_run):
    tmp, _ = demo_run
    data = json.loads((tmp / "out.json").read_text())
    first = data["articles"][0]
    listing = storyline("articles", "--db", "demo.db", "--limit", "500", cwd=tmp)
    assert listing.returncode == 0 and f"{len(data['articles'])} article(s)" in listing.stdout
    shown = storyline("show", first["id"], "--db", "demo.db", cwd=tmp)
    assert shown.returncode == 0 and first["title"][:30] in shown.stdout
    missing = storyline("show", "no-such-id", "--db", "demo.db", cwd=tmp)
    assert missing.returncode == 1 and "no-such-id" in missing.stderr


def test_bad_inputs_get_one_line_each_and_the_batch_goes_on(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("A harbour reopens after repairs\n\nThe harbour of a small town reopened on Monday.\n")
    (inputs / "blob.txt").write_bytes(b"\x00\x01\x02\x89PNG\x00" * 50)
    (inputs / "empty.txt").write_text("")
    result = storyline("ingest", str(inputs), "--db", "s.db", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "blob.txt" in result.stderr and "empty.txt" in result.stderr
    assert "1 new" in result.stderr


def test_nothing_ingested_is_a_failure_and_usage_errors_are_2(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n")
    nothing = storyline("analyze", str(tmp_path / "empty.txt"), "--db", "s.db", cwd=tmp_path)
    assert nothing.returncode == 1
    assert "empty.txt" in nothing.stderr
    usage = storyline("analyze", "--engine", "spark", "--db", "s.db", cwd=tmp_path)
    assert usage.returncode == 2 and "engine" in usage.stderr
    unknown = storyline("frobnicate", cwd=tmp_path)
    assert unknown.returncode == 2


def test_markup_in_article_text_is_printed_literally(tmp_path):
    src = tmp_path / "inbox"
    src.mkdir()
    (src / "brackets.txt").write_text(
        " 2025-03-04 https://example.org/a\n"
        "Talks [bold]resume[/bold] in [person] port city\n\n"
        "Delegates met again on Tuesday [red]after[/red] a pause, a spokesperson said.\n",
        encoding="utf-8",
    )
    ingested = storyline("ingest", str(src), "--db", "m.db", cwd=tmp_path)
    assert ingested.returncode == 0, ingested.stderr
    listed = storyline("articles", "--db", "m.db", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "[bold]resume[/bold]" in listed.stdout and "[person]" in listed.stdout
    shown = storyline("show", "brackets", "--db", "m.db", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "Talks [bold]resume[/bold] in [person] port city" in shown.stdout
    assert "[red]after[/red]" in shown.stdout


def test_a_cut_article_is_stored_and_named_in_one_line(tmp_path):
    src = tmp_path / "inbox"
    src.mkdir()
    para = "The council debated the harbour budget for a long evening and voted late. "
    (src / "long.txt").write_text("A very long council report\n\n" + "\n\n".join([para * 4] * 40), encoding="utf-8")
    (src / "short.txt").write_text("A short note\n\nThe ferry ran on time today.\n", encoding="utf-8")
    (tmp_path / "small.toml").write_text("[limits]\nmax_article_chars = 2000\n", encoding="utf-8")
    result = storyline("ingest", str(src), "--db", "c.db", "--config", "small.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    cut_lines = [line for line in result.stderr.splitlines() if "truncated" in line]
    assert len(cut_lines) == 1 and "long.txt" in cut_lines[0] and "2,000" in cut_lines[0]
    assert "2 new" in result.stderr
    rerun = storyline("ingest", str(src), "--db", "c.db", "--config", "small.toml", cwd=tmp_path)
    assert rerun.returncode == 0 and "truncated" not in rerun.stderr
