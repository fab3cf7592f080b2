"""Streaming exports (JSONL, Parquet) carry exactly the records of the JSON export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.config import load_config
from storyline.export import build_export
from storyline.pipeline import analyze_articles, ingest
from storyline.scale.stream_export import JSONL_SCHEMA, column_types, write_jsonl, write_parquet
from storyline.store import Store

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "corpus"
LISTS = (
    "articles",
    "stories",
    "storylines",
    "attributions",
    "claims",
    "provenance",
    "contradictions",
    "positions",
    "briefings",
    "entities",
    "time_expressions",
    "omissions",
    "framing",
    "failures",
)


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("stream")
    db = tmp / "s.db"
    cfg = load_config(
        env={}, db=str(db), embedder="hashing", outlets_file=str(ROOT / "examples" / "outlets.csv")
    )
    with Store(db) as store:
        ingest([str(CORPUS)], store, cfg)
        articles = store.articles()
        analysis = analyze_articles(articles, cfg, store=store)
        store.save_analysis(analysis)
        expected = build_export(articles, analysis, store.failures())
    return tmp, db, json.loads(json.dumps(expected))  # as a JSON reader sees it


def test_jsonl_holds_every_record_of_the_json_export(analysed):
    tmp, db, expected = analysed
    with Store(db) as store:
        counts = write_jsonl(store, tmp / "out.jsonl")
    lines = [json.loads(line) for line in (tmp / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines[0]["schema"] == JSONL_SCHEMA and lines[-1] == {"counts": counts}
    got: dict[str, list] = {name: [] for name in LISTS}
    for line in lines[1:-1]:
        got[line["list"]].append(line["record"])
    assert counts["articles"] > 0 and counts["claims"] > 0
    for name in LISTS:
        assert got[name] == expected[name], name
        assert counts[name] == len(expected[name])


def test_parquet_round_trips_to_the_json_export(analysed):
    import pyarrow.parquet as pq

    tmp, db, expected = analysed
    with Store(db) as store:
        counts = write_parquet(store, tmp / "pq", row_group=7)  # several row groups per list
    for name in LISTS:
        path = tmp / "pq" / f"{name}.parquet"
        if not expected[name]:
            assert not path.exists() and counts[name] == 0
            continue
        table = pq.read_table(path)
        types = column_types(name, expected[name][0])
        rows = table.to_pylist()
        for row in rows:
            for col, typ in types.items():
                if typ == "json" and row[col] is not None:
                    row[col] = json.loads(row[col])
        assert rows == expected[name], name
    assert pq.ParquetFile(tmp / "pq" / "articles.parquet").metadata.num_row_groups == -(
        -counts["articles"] // 7
    )


def test_cli_export_formats(analysed):
    tmp, db, expected = analysed
    run = [sys.executable, "-m", "storyline.cli.main", "export", "--db", str(db)]
    ok = subprocess.run(
        [*run, "--format", "jsonl", "--out", str(tmp / "cli.jsonl")], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    assert len((tmp / "cli.jsonl").read_text().splitlines()) == 2 + sum(len(expected[n]) for n in LISTS)
    bad = subprocess.run([*run, "--format", "xml", "--out", str(tmp / "x")], capture_output=True, text=True)
    assert bad.returncode == 2 and "usage error" in bad.stderr
