"""Each input format, routed by content, yields the RawDocument fields a reader would expect."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.config import Config
from storyline.ingest import iter_documents
from storyline.records import Failure, RawDocument

PAGE = """<!doctype html><html><head><title>Mill library opens | Valley Gazette</title>
<meta property="og:site_name" content="Valley Gazette">
<link rel="canonical" href="https://valley.example/news/mill-library">
<meta name="author" content="Petra Lind">
<meta property="article:published_time" content="2025-03-04T09:00:00Z">
</head><body><nav><a href="/">Home</a> | <a href="/about">About</a></nav>
<article><h1>Mill library opens</h1>
<p>The town council of Brookvale voted on Tuesday to open a new public library in the old grain mill by the river.</p>
<p>Mayor Ana Ruiz said the library would open next spring and would cost less than the council first planned.</p>
<p>Residents at the meeting asked for longer opening hours on weekends and a reading room for children.</p>
</article><footer>All rights reserved.</footer></body></html>"""


def docs(items: list) -> list[RawDocument]:
    return [x for x in items if isinstance(x, RawDocument)]


def fails(items: list) -> list[Failure]:
    return [x for x in items if isinstance(x, Failure)]


def run(paths: list[Path | str], **limits: int) -> list:
    from storyline.config import Limits

    config = Config(limits=Limits(**limits)) if limits else Config()
    return list(iter_documents([str(p) for p in paths], config))


@pytest.mark.parametrize(
    ("meta", "date", "url"),
    [
        ("date 2025-12-01 https://outlet.example/path", "2025-12-01", "https://outlet.example/path"),
        (" https://outlet.example/path 2025-12-01", "2025-12-01", "https://outlet.example/path"),
        ("1 December 2025", "2025-12-01", None),
        ("Dec. 1, 2025 | https://outlet.example/p?id=4", "2025-12-01", "https://outlet.example/p?id=4"),
        ("https://outlet.example/only-url", None, "https://outlet.example/only-url"),
        ("2025-12-01T08:30:00Z", "2025-12-01T08:30:00Z", None),
    ],
)
def test_text_metadata_line_variants(tmp_path: Path, meta: str, date: str | None, url: str | None) -> None:
    f = tmp_path / "ferry-strike.txt"
    f.write_text(f"{meta}\nFerry crews strike for a second day\n\nNo boats left the harbour.\n\nTalks resume Friday.\n")
    (doc,) = run([f])
    assert doc.id == "ferry-strike"
    assert doc.title == "Ferry crews strike for a second day"
    assert doc.text == "No boats left the harbour.\n\nTalks resume Friday."
    assert doc.published == date
    assert doc.url == url
    assert doc.date_source == ("metadata" if date else None)
    assert doc.fmt == "text"


@pytest.mark.parametrize("first", ["5 dead as storm hits coast", "2025 budget passes", "Monday talks fail"])
def test_text_headline_with_numbers_is_not_metadata(tmp_path: Path, first: str) -> None:
    f = tmp_path / "a.txt"
    f.write_text(f"{first}\nBody line.\n")
    (doc,) = run([f])
    assert doc.title == first
    assert doc.published is None and doc.url is None
    assert doc.text == "Body line."


def test_html_page_extracts_text_and_metadata(tmp_path: Path) -> None:
    f = tmp_path / "mill.html"
    f.write_text(PAGE)
    (doc,) = run([f])
    assert doc.id == "mill"
    assert doc.fmt == "html"
    assert doc.outlet == "Valley Gazette"
    assert doc.url == "https://valley.example/news/mill-library"
    assert doc.published and doc.published.startswith("2025-03-04")
    assert doc.date_source == "html"
    assert doc.author == "Petra Lind"
    assert "grain mill" in doc.text and "reading room" in doc.text
    assert "All rights reserved" not in doc.text and "About" not in doc.text
    assert "Mill library opens" in doc.title


def test_sniffing_ignores_extension(tmp_path: Path) -> None:
    html_as_txt = tmp_path / "page.txt"
    html_as_txt.write_text(PAGE)
    jsonl_as_data = tmp_path / "dump.data"
    jsonl_as_data.write_text(json.dumps({"id": "k1", "title": "Pier reopens", "text": "The pier reopened."}) + "\n")
    a, b = run([html_as_txt, jsonl_as_data])
    assert a.fmt == "html" and a.outlet == "Valley Gazette"
    assert b.fmt == "jsonl" and b.id == "k1"


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Regional Aggregator</title><language>en</language>
<item><title>Bridge opens to traffic - River Post</title><link>https://agg.example/r/1</link>
<guid>agg-1</guid><pubDate>Mon, 01 Dec 2025 10:00:00 GMT</pubDate>
<description>&lt;p&gt;The new bridge opened.&lt;/p&gt;&lt;p&gt;Crowds cheered.&lt;/p&gt;</description>
<source url="https://riverpost.example/rss">River Post</source><dc:creator>Sam Ode</dc:creator></item>
<item><title>Hill road closed - not a publisher</title><link>https://agg.example/r/2</link>
<description>Snow closed the hill road.</description><dc:publisher>Hill Times</dc:publisher></item>
<item><title>Own story</title><link>https://agg.example/r/3</link><description>Our own report.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Lake Ledger</title>
<entry><title>Lake levels fall</title><link href="https://lake.example/levels"/><id>tag:lake,1</id>
<updated>2025-07-02T06:00:00Z</updated><author><name>Ina Vo</name></author>
<content type="html">&lt;p&gt;Levels fell by a metre.&lt;/p&gt;</content></entry></feed>"""


def test_rss_entries_with_original_publisher(tmp_path: Path) -> None:
    f = tmp_path / "agg.xml"
    f.write_text(RSS)
    a, b, c = run([f])
    assert a.title == "Bridge opens to traffic" and a.outlet == "River Post"
    assert a.text == "The new bridge opened.\nCrowds cheered."
    assert a.published == "2025-12-01T10:00:00Z" and a.date_source == "feed"
    assert a.author == "Sam Ode" and a.url == "https://agg.example/r/1"
    assert a.id.startswith("feed-") and len(a.id) == 17
    # dc:publisher names the outlet, but the title suffix is not confirmed by a source element
    assert b.outlet == "Hill Times" and b.title == "Hill road closed - not a publisher"
    assert c.outlet == "Regional Aggregator"
    assert len({a.id, b.id, c.id}) == 3
    assert run([f])[0].id == a.id  # stable


def test_atom_feed_and_entry_cap(tmp_path: Path) -> None:
    f = tmp_path / "lake.feed"
    f.write_text(ATOM)
    (doc,) = run([f])
    assert (doc.title, doc.outlet, doc.author) == ("Lake levels fall", "Lake Ledger", "Ina Vo")
    assert doc.text == "Levels fell by a metre."
    assert doc.published == "2025-07-02T06:00:00Z"
    capped = tmp_path / "agg.rss"
    capped.write_text(RSS)
    items = run([capped], max_feed_entries=2)
    assert len(docs(items)) == 2
    (fail,) = fails(items)
    assert fail.code == "too-large" and "max_feed_entries" in fail.reason


def test_jsonl_neutral_and_news_please_records(tmp_path: Path) -> None:
    f = tmp_path / "recs.jsonl"
    lines = [
        {"id": "n1", "url": "https://a.example/1", "outlet": "Alpha News", "title": "Dam opens",
         "published": "2025-05-05", "language": "en", "text": "The dam opened.\nWater flowed."},
        {"title": "Port deal", "maintext": "The port deal was signed.", "description": "short",
         "date_publish": "2017-02-17 16:31:49", "date_modify": None, "source_domain": "beta.example",
         "url": "https://beta.example/port", "language": "de", "authors": ["Kai Mo", "Lu Po"],
         "filename": "x.json"},
    ]
    f.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n")
    a, b = run([f])
    assert (a.id, a.outlet, a.published, a.language, a.text) == (
        "n1", "Alpha News", "2025-05-05", "en", "The dam opened.\nWater flowed.")
    assert a.source.endswith("recs.jsonl#line 1") and a.date_source == "record"
    assert b.text == "The port deal was signed." and b.outlet == "beta.example"
    assert b.published == "2017-02-17T16:31:49" and b.author == "Kai Mo, Lu Po"
    assert b.id.startswith("rec-") and b.id == run([f])[1].id


def test_json_array(tmp_path: Path) -> None:
    f = tmp_path / "arr.json"
    f.write_text(json.dumps([{"id": "j1", "title": "One", "text": "First."}, 3, {"title": "Two", "text": "Second."}]))
    items = run([f])
    assert [d.id for d in docs(items)][0] == "j1" and len(docs(items)) == 2
    (bad,) = fails(items)
    assert bad.source.endswith("#item 2") and "not a JSON object" in bad.reason


def write_warc(path: Path, pages: list[tuple[str, str, str, bytes]], gz: bool) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for uri, status, ctype, body in pages:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                            warc_headers_dict={"WARC-Date": "2025-03-05T10:00:00Z"})
            writer.write_record(rec)


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_responses_only(tmp_path: Path, gz: bool) -> None:
    f = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    bare = PAGE.replace('<meta property="article:published_time" content="2025-03-04T09:00:00Z">', "").replace(
        '<link rel="canonical" href="https://valley.example/news/mill-library">', "")
    write_warc(f, [
        ("https://valley.example/a", "200 OK", "text/html; charset=utf-8", bare.encode()),
        ("https://valley.example/gone", "404 Not Found", "text/html", b"<html><body>gone</body></html>"),
        ("https://valley.example/logo.png", "200 OK", "image/png", b"\x89PNG...."),
    ], gz)
    (doc,) = run([f])
    assert doc.fmt == "warc" and doc.url == "https://valley.example/a"
    assert doc.id.startswith("warc-") and "grain mill" in doc.text
    assert doc.published and doc.published.startswith("2025-03-0")


def test_gzip_text_and_folder_walk(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b.txt").write_text("Second headline\nBody b.\n")
    (tmp_path / "sub" / "c.txt.gz").write_bytes(gzip.compress(b"Third headline\nBody c.\n"))
    (tmp_path / ".secret.txt").write_text("Hidden\nNo.\n")
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden\nNo.\n")
    (tmp_path / "a.txt").write_text("First headline\nBody a.\n")
    items = run([tmp_path])
    assert [d.id for d in items] == ["a", "b", "c"]
    assert items[2].title == "Third headline"


def test_feed_without_entries_and_external_entities(tmp_path: Path) -> None:
    empty = tmp_path / "empty.rss"
    empty.write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>Quiet</title></channel></rss>")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN-XYZ")
    xxe = tmp_path / "xxe.rss"
    xxe.write_text(f"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY s SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><title>T</title><item><title>Leak &s;</title><link>https://x.example/1</link>
<description>Body &s; here.</description></item></channel></rss>""")
    items = run([empty, xxe])
    assert isinstance(items[0], Failure) and (items[0].code, items[0].reason) == ("empty", "feed has no entries")
    assert all("SECRET-TOKEN" not in (getattr(x, "text", "") + getattr(x, "title", "")) for x in items[1:])


def test_feed_with_nested_entities_is_read_without_expanding_them(tmp_path: Path) -> None:
    levels = "".join(
        f'<!ENTITY e{k} "{("&e" + str(k - 1) + ";") * 10 if k else "ha"}">' for k in range(9)
    )
    bomb = tmp_path / "bomb.rss"
    bomb.write_text(
        f"<?xml version='1.0'?><!DOCTYPE rss [{levels}]><rss version='2.0'><channel><title>T</title>"
        "<item><title>Harbour &e8; reopens</title><link>https://x.example/b</link>"
        "<description>The ferry runs again.</description></item></channel></rss>"
    )
    items = run([bomb])
    assert len(items) == 1 and isinstance(items[0], RawDocument)
    assert "hahaha" not in items[0].title and items[0].title.startswith("Harbour")
    assert "ferry runs again" in items[0].text


def test_a_doctype_without_a_subset_is_kept() -> None:
    from storyline.ingest.feed import drop_entity_declarations

    plain = b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//X//DTD RSS 0.91//EN" "rss.dtd"><rss/>'
    assert drop_entity_declarations(plain) == plain
    subset = b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "b">]><rss>&a;</rss>'
    assert drop_entity_declarations(subset) == b'<?xml version="1.0"?><rss>&a;</rss>'
