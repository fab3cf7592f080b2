"""Bad inputs become one clear Failure each, and the rest of the batch is still ingested."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.config import Config, Limits
from storyline.ingest import iter_documents
from storyline.records import Failure, RawDocument

GOOD = "Harbour reopens\nThe harbour reopened after the storm, the port office said.\n"


def run(paths: list[Path], **limits: int) -> list:
    config = Config(limits=Limits(**limits)) if limits else Config()
    return list(iter_documents([str(p) for p in paths], config))


def one_failure(items: list, path: Path) -> Failure:
    (fail,) = [x for x in items if isinstance(x, Failure)]
    assert fail.source == str(path) and fail.stage == "ingest"
    assert "\n" not in fail.reason
    return fail


def test_binary_files_fail_and_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    cases = {
        "nul.txt": (b"Headline\x00\x00\x00body", "NUL bytes"),
        "img.txt": (b"\x89PNG\r\n\x1a\n" + b"x" * 50, "PNG image"),
        "doc.txt": (b"%PDF-1.7\n%abc\n", "PDF document"),
        "ctl.txt": (bytes(range(1, 9)) * 40, "control characters"),
    }
    for name, (data, _) in cases.items():
        (tmp_path / name).write_bytes(data)
    items = run([tmp_path / n for n in cases] + [good])
    fails = [x for x in items if isinstance(x, Failure)]
    assert [f.code for f in fails] == ["binary"] * 4
    for f, (_, expect) in zip(fails, cases.values(), strict=True):
        assert expect in f.reason
    assert isinstance(items[-1], RawDocument) and items[-1].title == "Harbour reopens"


def test_legacy_encodings_decoded(tmp_path: Path) -> None:
    fr = tmp_path / "fr.txt"
    fr.write_bytes("Le café rouvre\nLe conseil a voté mardi pour la réouverture du café à côté de l'église.\n"
                   .encode("latin-1"))
    ru = tmp_path / "ru.txt"
    ru.write_bytes("Совет открыл библиотеку\nГородской совет проголосовал за новую библиотеку в старой мельнице.\n"
                   .encode("cp1251"))
    a, b = run([fr, ru])
    assert a.title == "Le café rouvre" and "à côté de l'église" in a.text
    assert b.title == "Совет открыл библиотеку" and "старой мельнице" in b.text


def test_utf8_bom_and_utf16(tmp_path: Path) -> None:
    f = tmp_path / "bom.txt"
    f.write_bytes("\ufeffBOM headline\nBody.\n".encode())
    g = tmp_path / "u16.txt"
    g.write_bytes("Wide headline\nWide body.\n".encode("utf-16"))
    a, b = run([f, g])
    assert a.title == "BOM headline"
    assert (b.title, b.text) == ("Wide headline", "Wide body.")


def test_undecodable_garbage(tmp_path: Path) -> None:
    f = tmp_path / "junk.txt"
    # High bytes that form no sensible text in any candidate encoding (a repeating C1/symbol soup).
    f.write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xAD]) * 400)
    fail = one_failure(run([f]), f)
    assert fail.code == "encoding" and fail.reason == "not valid UTF-8 and no encoding detected"


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    e = tmp_path / "empty.txt"
    e.write_bytes(b"")
    w = tmp_path / "blank.txt"
    w.write_bytes(b"  \n\n\t \n")
    a, b = run([e, w])
    assert (a.code, a.reason) == ("empty", "empty file")
    assert b.code == "empty" and b.reason.startswith("empty file")


def test_missing_path(tmp_path: Path) -> None:
    (fail,) = run([tmp_path / "nope.txt"])
    assert fail.code == "missing" and "no such file" in fail.reason


def test_over_size_limit_is_refused_without_reading(tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    with open(f, "wb") as out:
        out.write(b"Huge headline\n" + b"Some text. " * 8000)
        out.truncate(400 * 1024 * 1024)  # sparse: 400 MB on paper, reading it whole would show
    fail = one_failure(run([f], max_file_bytes=100_000), f)
    assert fail.code == "too-large"
    assert fail.reason == "file is 400 MB, over the 98 KB limit (limits.max_file_bytes)"


def test_malformed_jsonl_line_fails_alone(tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    lines = [json.dumps({"id": f"m{i}", "title": f"T{i}", "text": f"Body {i}."}) for i in range(4)]
    lines.insert(2, '{"id": "broken", "title": "x" "text": 1}')
    lines.insert(4, '"just a string"')
    lines.insert(5, json.dumps({"id": "notext", "tags": ["a"]}))
    f.write_text("\n".join(lines) + "\n")
    items = run([f])
    assert [d.id for d in items if isinstance(d, RawDocument)] == ["m0", "m1", "m2", "m3"]
    fails = [x for x in items if isinstance(x, Failure)]
    assert [(x.source.rsplit("#", 1)[1], x.code) for x in fails] == [
        ("line 3", "parse"), ("line 5", "parse"), ("line 6", "empty")]
    assert fails[0].reason.startswith("line 3: not a JSON object (Expecting ',' delimiter")
    assert fails[1].reason == "line 5: not a JSON object (found str)"


def test_jsonl_invalid_utf8_line_and_record_cap(tmp_path: Path) -> None:
    f = tmp_path / "caps.jsonl"
    good = [json.dumps({"id": f"c{i}", "text": "Body."}).encode() for i in range(3)]
    f.write_bytes(b"\n".join([good[0], b'{"id": "\xff\xfe", "text": "x"}', good[1], good[2]]) + b"\n")
    items = run([f], max_records_per_file=2)
    assert [type(x).__name__ for x in items] == ["RawDocument", "Failure", "RawDocument", "Failure"]
    assert items[1].code == "encoding" and "line 2" in items[1].reason
    assert items[3].code == "too-large" and "max_records_per_file" in items[3].reason


def test_broken_html(tmp_path: Path) -> None:
    empty = tmp_path / "nav.html"
    empty.write_text("<html><body><div><p></div></b></i><script>var x=1;</script><style>p{}</style>")
    broken = tmp_path / "broken.html"
    broken.write_text("<html><head><title>Dock fire</title><body><div><p>A fire broke out on the east dock on "
                      "Sunday night and crews fought it for six hours before it was out.<p>No one was hurt, the "
                      "fire brigade said on Monday morning after inspecting the whole site.<div><b><i></span>")
    a, b = run([empty, broken])
    assert isinstance(a, Failure) and (a.code, a.reason) == ("parse", "no article text found")
    assert isinstance(b, RawDocument) and "east dock" in b.text and "No one was hurt" in b.text


def test_markup_soup_does_not_crash(tmp_path: Path) -> None:
    f = tmp_path / "soup.html"
    f.write_text("<html><<<>>><body></div></div><p <p>>&&&;<!-- <x")
    (item,) = run([f])
    assert isinstance(item, (RawDocument, Failure))
    if isinstance(item, Failure):
        assert item.code == "parse"


def test_truncated_warc_keeps_records_read(tmp_path: Path) -> None:
    f = tmp_path / "cut.warc"
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for i in range(3):
        body = (f"<html><head><title>Report {i}</title></head><body><article><p>Report number {i} says the "
                f"river rose by {i + 1} metres overnight and the old bridge was closed to all traffic.</p>"
                "<p>The road office will decide on Friday when it can reopen.</p></article></body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://river.example/{i}", "response",
                                                      payload=io.BytesIO(body), http_headers=headers))
    data = buf.getvalue()
    f.write_bytes(data[: int(len(data) * 0.8)])
    items = run([f])
    got = [x for x in items if isinstance(x, RawDocument)]
    assert [d.url for d in got] == ["https://river.example/0", "https://river.example/1"]
    fail = one_failure(items, f)
    assert fail.code == "parse" and fail.reason.startswith("truncated WARC record")


def test_gzip_bomb_stopped(tmp_path: Path) -> None:
    f = tmp_path / "bomb.txt.gz"
    f.write_bytes(gzip.compress(b"Bomb\n" + b"a" * (8 * 1024 * 1024)))
    assert os.path.getsize(f) < 50_000
    fail = one_failure(run([f], max_decompressed_bytes=1024 * 1024), f)
    assert fail.code == "too-large" and "limits.max_decompressed_bytes" in fail.reason


def test_corrupt_gzip(tmp_path: Path) -> None:
    f = tmp_path / "bad.gz"
    f.write_bytes(gzip.compress(GOOD.encode() * 50)[:40])
    fail = one_failure(run([f]), f)
    assert fail.code == "parse" and "gzip" in fail.reason


def test_html_declared_charset_wins_over_guessing(tmp_path: Path) -> None:
    body = ("<html><head><meta charset='windows-1250'><title>Most</title></head><body><article>"
            "<p>Rada města v úterý schválila stavbu nového mostu přes řeku, řekl starosta po jednání.</p>"
            "<p>Stavba začne na jaře a potrvá dva roky, dodal mluvčí radnice.</p></article></body></html>")
    f = tmp_path / "most.html"
    f.write_bytes(body.encode("cp1250"))
    (doc,) = run([f])
    assert "přes řeku" in doc.text and "začne na jaře" in doc.text


def test_truncated_gzipped_warc(tmp_path: Path) -> None:
    f = tmp_path / "cut.warc.gz"
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i in range(2):
        body = (f"<html><body><article><p>Item {i}: the ferry timetable changes on Monday for the whole summer "
                "season, the operator said in a statement to passengers.</p></article></body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://ferry.example/{i}", "response",
                                                      payload=io.BytesIO(body), http_headers=headers))
    data = buf.getvalue()
    f.write_bytes(data[: len(data) - 40])
    items = run([f])
    assert [d.url for d in items if isinstance(d, RawDocument)] == ["https://ferry.example/0"]
    fail = one_failure(items, f)
    assert fail.code == "parse" and "truncated" in fail.reason


def test_truncated_gzipped_jsonl_keeps_lines_before_the_cut(tmp_path: Path) -> None:
    f = tmp_path / "cut.jsonl.gz"
    lines = "".join(json.dumps({"id": f"g{i}", "text": f"Gate {i} reopened after repairs."}) + "\n"
                    for i in range(400))
    data = gzip.compress(lines.encode())
    f.write_bytes(data[: len(data) // 2])
    items = run([f])
    got = [d.id for d in items if isinstance(d, RawDocument)]
    assert len(got) > 50 and got == [f"g{i}" for i in range(len(got))]
    assert isinstance(items[-1], Failure) and items[-1].source == str(f)
    assert "truncated gzip" in items[-1].reason


def test_warc_header_line_that_never_ends_fails_fast(tmp_path: Path) -> None:
    from storyline.ingest.warc import MAX_LINE_BYTES

    f = tmp_path / "endless.warc.gz"
    f.write_bytes(gzip.compress(b"WARC/1.0\r\n" + b"a" * (MAX_LINE_BYTES + 4096)))
    fail = one_failure(run([f]), f)
    assert fail.code == "too-large" and "line" in fail.reason


def test_long_lines_under_the_cap_are_still_read(tmp_path: Path) -> None:
    f = tmp_path / "wide.warc"
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    body = ("<html><body><article><p>" + "The quay was rebuilt stone by stone. " * 20000
            + "</p></article></body></html>").encode()  # one 740 KB line
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://quay.example/1", "response",
                                                  payload=io.BytesIO(body), http_headers=headers))
    f.write_bytes(buf.getvalue())
    docs = [d for d in run([f]) if isinstance(d, RawDocument)]
    assert [d.url for d in docs] == ["https://quay.example/1"]
