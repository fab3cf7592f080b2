"""Property tests: the text parser, the JSONL reader and the sniffer only ever raise InputError, deterministically."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.config import Config
from storyline.errors import InputError
from storyline.ingest.jsonl import iter_jsonl, parse_line
from storyline.ingest.sniff import decode, sniff
from storyline.ingest.text import parse_metadata_line, parse_text
from storyline.records import Failure, RawDocument

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONFIG = Config()

words = st.sampled_from(["date", "2025-12-01", "https://a.example/x", "1", "December", "Dec.", "2025", "|",
                         "Mayor", "says", "03/04/2025", "12:30", "http://", "<p>", "{", "\u00e9t\u00e9"])
lines = st.lists(words, max_size=6).map(" ".join)


def outcome(fn, *args):
    try:
        return ("ok", fn(*args))
    except InputError as exc:
        return ("error", exc.code, exc.reason)


@SETTINGS
@given(st.text(max_size=400))
def test_parse_text_total_and_deterministic(text: str) -> None:
    first = outcome(parse_text, text, "t.txt", "t")
    assert first == outcome(parse_text, text, "t.txt", "t")
    if first[0] == "ok":
        doc = first[1]
        assert isinstance(doc, RawDocument) and doc.title and doc.title == doc.title.strip()
        assert doc.title in text and doc.text in text.replace("\r\n", "\n").replace("\r", "\n") or doc.text == ""
    else:
        assert first[1] == "empty"


@SETTINGS
@given(st.lists(lines, min_size=1, max_size=4).map("\n".join))
def test_parse_text_on_metadata_like_lines(text: str) -> None:
    assert outcome(parse_text, text, "m.txt", "m") == outcome(parse_text, text, "m.txt", "m")
    meta = parse_metadata_line(text.split("\n")[0])
    assert meta is None or (meta[0] is not None or meta[1] is not None)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "text", "maintext", "title", "url", "authors", "date_publish", "source", "x"]),
        inner, max_size=5),
    max_leaves=12,
)


@SETTINGS
@given(st.one_of(st.binary(max_size=200), json_values.map(lambda v: json.dumps(v).encode())))
def test_jsonl_line_total_and_deterministic(line: bytes) -> None:
    first = outcome(parse_line, line, "f.jsonl", 3)
    assert first == outcome(parse_line, line, "f.jsonl", 3)
    if first[0] == "error":
        assert first[1] in {"parse", "encoding", "empty"}


@SETTINGS
@given(st.lists(st.binary(max_size=60) | json_values.map(lambda v: json.dumps(v).encode()), max_size=8))
def test_iter_jsonl_yields_only_records(chunks: list[bytes]) -> None:
    lines = b"\n".join(c.replace(b"\n", b" ") for c in chunks).split(b"\n")
    items = list(iter_jsonl(iter(lines), "f.jsonl", CONFIG))
    assert all(isinstance(x, (RawDocument, Failure)) for x in items)
    assert items == list(iter_jsonl(iter(lines), "f.jsonl", CONFIG))


@SETTINGS
@given(st.binary(max_size=300))
def test_sniff_and_decode_total(data: bytes) -> None:
    kind = outcome(sniff, data)
    assert kind == outcome(sniff, data)
    assert kind[0] == "error" and kind[1] == "binary" or kind[1] in {
        "gzip", "warc", "feed", "html", "jsonl", "json", "text"}
    decoded = outcome(decode, data, "b.txt")
    assert decoded[0] == "ok" and isinstance(decoded[1], str) or decoded[1] == "encoding"


prefixes = st.sampled_from([b"", b"<html><body><p>", b"<?xml version='1.0'?><rss><channel><item><title>",
                            b"WARC/1.0\r\n", b"\x1f\x8b\x08\x00", b'{"id": "x", "text": "', b"[{", b"\xef\xbb\xbf"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefixes, st.binary(max_size=300))
def test_iter_documents_never_raises(prefix: bytes, data: bytes) -> None:
    import tempfile
    from pathlib import Path

    from storyline.ingest import iter_documents

    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "input.bin"
        f.write_bytes(prefix + data)
        items = list(iter_documents([str(f)], CONFIG))
        again = list(iter_documents([str(f)], CONFIG))
    assert items == again
    assert all(isinstance(x, (RawDocument, Failure)) for x in items)
    assert all(x.code != "error" for x in items if isinstance(x, Failure)), items
    assert all("\n" not in x.reason for x in items if isinstance(x, Failure))
