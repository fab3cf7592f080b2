"""The versioned JSON export matches its published JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from storyline.export import LISTS, build_export, write_json
from storyline.records import Analysis, Article, Cite, Failure

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "export.schema.json").read_text())


def article(aid: str) -> Article:
    return Article(id=aid, url=f"https://x.example/{aid}", outlet="X", outlet_domain="x.example", title="T",
                   published=None, language="en", text="Clean.", original_text="Clean.\nShare this")


def test_empty_analysis_export_has_every_list_and_validates():
    data = build_export([article("a")], Analysis(), [Failure("bad.bin", "binary", "binary file")])
    jsonschema.validate(data, SCHEMA)
    assert data["schema"] == "storyline.export/1"
    for name in LISTS:
        assert isinstance(data[name], list)
    art = data["articles"][0]
    assert art["id"] == "a" and art["original_text"].endswith("Share this")
    assert art["duplicate_of"] is None and art["cites"] == []
    assert data["counts"]["failures"] == 1


def test_article_level_findings_are_exported(tmp_path):
    analysis = Analysis(duplicate_of={"b": "a"}, cites={"b": (Cite("Wire", "Wire said so."),)})
    data = build_export([article("a"), article("b")], analysis)
    jsonschema.validate(data, SCHEMA)
    b = data["articles"][1]
    assert b["duplicate_of"] == "a" and b["cites"] == [{"outlet": "Wire", "evidence": "Wire said so."}]
    path = write_json(tmp_path / "out" / "e.json", data)
    assert json.loads(path.read_text())["articles"][1]["id"] == "b"
    assert not list((tmp_path / "out").glob("*.tmp"))


def test_schema_rejects_a_broken_export():
    data = build_export([article("a")], Analysis())
    del data["claims"]
    try:
        jsonschema.validate(data, SCHEMA)
    except jsonschema.ValidationError as exc:
        assert "claims" in exc.message
    else:
        raise AssertionError("an export without claims must not validate")
