"""Property tests over the parsers and the cleaner that tests/ingest and tests/clean leave out.

tests/ingest covers plain text, JSONL lines, sniffing and ``iter_documents`` on
short random bytes. Here: feeds, HTML pages and fragments, WARC records (valid,
cut and bit-flipped), JSON arrays, URL lists and the whole Cleaner, each with
hostile text in every field. Each property: the parser returns documents or
raises/yields a one-line InputError/Failure, never anything else, within a
hypothesis deadline (no hang), and gives the same answer twice.
"""

from __future__ import annotations

import io
import json
import time
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.clean import Cleaner
from storyline.config import Config, Limits
from storyline.errors import EmptyInput, InputError
from storyline.ingest import iter_documents
from storyline.ingest.feed import iter_feed
from storyline.ingest.html import fragment_to_text, parse_html
from storyline.ingest.jsonl import iter_json_array
from storyline.ingest.warc import iter_warc
from storyline.records import Article, Failure, RawDocument

from .hostile import PAYLOADS, deep_html, feed, html_page, huge_attribute_tag, warc

CONFIG = Config(limits=Limits(max_feed_entries=5, max_article_chars=2_000))
# A deadline per example: a parser that goes quadratic on some shape fails here instead of hanging CI.
# Generous (30 s) because CI machines are shared and lazy loads (dateparser languages) land on one example.
SETTINGS = settings(
    max_examples=60,
    deadline=timedelta(seconds=30),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

hostile_text = st.one_of(
    st.text(max_size=120),
    st.sampled_from(PAYLOADS),
    st.lists(
        st.sampled_from(
            [
                *PAYLOADS,
                "Harbour",
                "council",
                "&amp;",
                "&#0;",
                "&lt;p&gt;",
                "]]>",
                "<![CDATA[",
                "\x00",
                "\ufeff",
                "\u202e",
                "<!--",
                "-->",
                "<p>",
                "</div>",
                "\n",
                "2026-03-01",
            ]
        ),
        max_size=12,
    ).map(" ".join),
)


def _one_line(items: list[object]) -> None:
    for x in items:
        assert isinstance(x, (RawDocument, Failure)), x
        if isinstance(x, Failure):
            assert x.reason and "\n" not in x.reason and x.code != "error", x


def _collect(gen: object) -> list[object]:
    try:
        return list(gen)  # type: ignore[call-overload]
    except InputError as exc:
        assert exc.reason and "\n" not in exc.reason
        return [("raised", exc.code)]


@SETTINGS
@given(st.lists(st.tuples(hostile_text, hostile_text, hostile_text), max_size=8), hostile_text)
def test_feeds_with_hostile_fields(items: list[tuple[str, str, str]], title: str) -> None:
    from xml.sax.saxutils import escape

    data = feed([(escape(t), escape(u), escape(d)) for t, u, d in items], title=escape(title))
    got = _collect(iter_feed(data, "f.xml", CONFIG))
    assert got == _collect(iter_feed(data, "f.xml", CONFIG))
    docs = [x for x in got if isinstance(x, RawDocument)]
    assert len(docs) <= CONFIG.limits.max_feed_entries
    _one_line([x for x in got if not isinstance(x, tuple)])


@SETTINGS
@given(
    st.binary(max_size=600),
    st.sampled_from(
        [
            b"",
            b"<rss><channel><item><title>",
            b"<feed xmlns='x'><entry>",
            b"<?xml version='1.0'?><!DOCTYPE r [<!ENTITY e 'x'>]><rss>",
        ]
    ),
)
def test_feed_bytes_never_escape_as_crashes(data: bytes, prefix: bytes) -> None:
    got = _collect(iter_feed(prefix + data, "f.xml", CONFIG))
    _one_line([x for x in got if not isinstance(x, tuple)])


@SETTINGS
@given(hostile_text, st.lists(hostile_text, min_size=1, max_size=6), hostile_text)
def test_html_pages_with_hostile_fields(title: str, paragraphs: list[str], site: str) -> None:
    page = html_page(title, paragraphs, site).decode()
    try:
        doc = parse_html(page, "p.html", "p")
    except InputError as exc:
        assert exc.code == "parse" and "\n" not in exc.reason
        return
    assert isinstance(doc, RawDocument) and doc.text.strip()


tags = st.sampled_from(
    [
        "div",
        "p",
        "table",
        "td",
        "b",
        "script",
        "style",
        "a href='javascript:x'",
        "svg",
        "math",
        "template",
        "noscript",
        "iframe",
        "select",
        "textarea",
        "title",
        "!--",
        "![CDATA[",
    ]
)


@SETTINGS
@given(st.lists(st.tuples(tags, hostile_text, st.booleans()), max_size=40))
def test_tag_soup_and_fragments(parts: list[tuple[str, str, bool]]) -> None:
    soup = "".join(f"<{t}>{txt}" + (f"</{t.split()[0]}>" if close else "") for t, txt, close in parts)
    text = fragment_to_text(soup)
    assert (
        isinstance(text, str) and "<script" not in text.lower().replace(" ", "") or "<script" in soup.lower()
    )
    try:
        parse_html("<html><body>" + soup + "</body></html>", "s.html", "s")
    except InputError as exc:
        assert exc.code == "parse"


def test_deep_nesting_and_huge_tags_are_bounded() -> None:
    # One 2.5 MB start tag with 200,000 attributes took half an hour before tags were capped.
    for data in (huge_attribute_tag(200_000), deep_html(100_000)):
        start = time.monotonic()
        try:
            doc = parse_html(data.decode(), "h.html", "h")
            assert doc.text.strip()
        except InputError as exc:
            assert exc.code in {"parse", "too-large"}
        assert time.monotonic() - start < 20
    assert "ferry to the outer islands" in parse_html(huge_attribute_tag(50_000).decode(), "h", "h").text
    start = time.monotonic()
    assert fragment_to_text(huge_attribute_tag(200_000).decode()).startswith("The ferry")
    assert time.monotonic() - start < 5


def _pages(n: int, payload: str) -> list[tuple[str, bytes]]:
    return [
        (
            f"https://lakeside.example/{i}",
            html_page(
                f"Report {i} {payload}",
                [
                    f"Report {i}: the lake rose by {i + 1} metres and the shore road closed, the council said.",
                    f"{payload} Repairs start on Monday.",
                ],
            ),
        )
        for i in range(n)
    ]


@SETTINGS
@given(
    st.integers(min_value=1, max_value=3),
    st.sampled_from(PAYLOADS),
    st.booleans(),
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=255)),
        max_size=6,
    ),
    st.one_of(st.none(), st.integers(min_value=0, max_value=10_000)),
)
def test_warc_cut_and_bit_flipped(
    n: int, payload: str, gz: bool, flips: list[tuple[int, int]], cut: int | None
) -> None:
    data = bytearray(warc(_pages(n, payload), gz=gz))
    for pos, value in flips:
        data[pos % len(data)] = value
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    got = list(iter_warc(io.BufferedReader(io.BytesIO(bytes(data))), "a.warc", CONFIG))
    _one_line(got)
    if not flips and cut is None:  # untouched archives keep every page
        assert [d.url for d in got if isinstance(d, RawDocument)] == [u for u, _ in _pages(n, payload)]


@SETTINGS
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | hostile_text,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(["id", "title", "text", "url", "outlet", "published", "authors", "x"]),
                inner,
                max_size=6,
            )
        ),
        max_leaves=20,
    )
)
def test_json_arrays_of_anything(value: object) -> None:
    data = json.dumps([value, value] if not isinstance(value, list) else value).encode()
    got = _collect(iter_json_array(data, "a.json", CONFIG))
    assert got == _collect(iter_json_array(data, "a.json", CONFIG))
    _one_line([x for x in got if not isinstance(x, tuple)])


private_hosts = st.sampled_from(
    [
        "127.0.0.1",
        "127.9.9.9",
        "2130706433",
        "0177.0.0.1",
        "0x7f.0.0.1",
        "127.1",
        "10.0.0.7",
        "192.168.1.1",
        "172.16.5.4",
        "169.254.169.254",
        "0.0.0.0",
        "[::1]",
        "[fd00::1]",
        "[fe80::1]",
        "[::ffff:127.0.0.1]",
        "localhost",
    ]
)


@settings(max_examples=25, deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            private_hosts,
            st.integers(min_value=1, max_value=65535),
            st.text(alphabet="abcxyz/?=&%.", max_size=20),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_url_lists_of_private_addresses_are_refused_one_by_one(
    tmp_path_factory: object, urls: list[tuple[str, int, str]]
) -> None:
    folder = Path(tmp_path_factory.mktemp("urls"))  # type: ignore[attr-defined]
    lines = [f"http://{h}:{p}/{path}".replace(" ", "") for h, p, path in urls]
    f = folder / "reading.urls"
    f.write_text("# hostile reading list\n" + "\n".join(lines) + "\n")
    got = list(iter_documents([str(f)], Config()))
    assert len(got) == len(lines)
    for item in got:
        assert isinstance(item, Failure) and item.code in {"blocked", "fetch"}, item
        assert "\n" not in item.reason


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    """One Cleaner, warmed up: its first article loads the language model (seconds, not a hang)."""
    c = Cleaner(CONFIG)
    c.clean(
        RawDocument(
            id="w",
            source="w",
            text="The harbour board met on Monday.",
            title="Warm up | Courier",
            url="https://courier.example/a",
            outlet="Courier",
            published="1 March 2026 10:00",
        )
    )
    return c


@SETTINGS
@given(
    hostile_text,
    hostile_text,
    st.one_of(st.none(), hostile_text),
    st.one_of(st.none(), hostile_text),
    st.one_of(st.none(), hostile_text),
    st.integers(min_value=0, max_value=8_000),
)
def test_cleaner_total_bounded_and_traceable(
    cleaner: Cleaner,
    title: str,
    text: str,
    outlet: str | None,
    url: str | None,
    published: str | None,
    pad: int,
) -> None:
    body = text + ("\nThe harbour board met again on day %d." * (pad // 30)).replace("%d", "1")
    raw = RawDocument(
        id="x", source="x.txt", text=body, title=title, outlet=outlet, url=url, published=published
    )
    try:
        art = cleaner.clean(raw)
    except EmptyInput as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    assert isinstance(art, Article) and art.text.strip()
    assert len(art.text) <= CONFIG.limits.max_article_chars  # limits.max_article_chars holds
    if len(body) > 3 * CONFIG.limits.max_article_chars:
        assert "truncated" in art.cleaning  # a cut is always flagged
    assert art.original_text == body
    assert "\n" not in art.title
    assert cleaner.clean(raw) == art


def test_warc_with_no_readable_record_is_a_failure_not_silence(tmp_path: Path) -> None:
    # warcio hands back a header-less record and ends quietly; the file used to yield nothing at all
    # (and would have been marked done).
    for name, data in (
        ("hdr.warc", b"WARC/1.0\r\nX: " + b"a" * 200_000 + b"\r\n\r\n"),
        ("bare.warc", b"WARC/1.0\r\n"),
    ):
        f = tmp_path / name
        f.write_bytes(data)
        (fail,) = iter_documents([str(f)], Config())
        assert isinstance(fail, Failure) and fail.code == "parse" and "no WARC record" in fail.reason


def test_nul_in_a_declared_charset_is_ignored() -> None:
    from storyline.ingest.sniff import content_type_charset

    assert content_type_charset("text/html; charset=\x00tf-8") is None
    assert content_type_charset("text/html; charset=utf-8") == "utf-8"
    page = html_page("Ferry", ["The ferry runs twice a day again, the operator said on Monday morning."])
    data = bytearray(warc([("https://ferry.example/1", page)]))
    at = bytes(data).index(b"charset=utf-8") + len(b"charset=")
    data[at] = 0
    got = list(iter_warc(io.BufferedReader(io.BytesIO(bytes(data))), "n.warc", CONFIG))
    assert [d.url for d in got if isinstance(d, RawDocument)] == ["https://ferry.example/1"]


def test_jsonl_with_a_binary_line_keeps_its_good_records(tmp_path: Path) -> None:
    # A NUL byte on one corrupt line used to make the whole file "binary": every good record was lost.
    good = [
        json.dumps({"id": f"k{i}", "title": f"Quay report {i}", "text": "The quay reopened."})
        for i in range(3)
    ]
    f = tmp_path / "dump.jsonl"
    f.write_bytes(
        f"{good[0]}\n".encode() + b"\xff\xfe\x00junk\x00\x00\n" + f"{good[1]}\n{good[2]}\n".encode()
    )
    items = list(iter_documents([str(f)], Config()))
    assert [d.id for d in items if isinstance(d, RawDocument)] == ["k0", "k1", "k2"]
    (bad,) = [x for x in items if isinstance(x, Failure)]
    assert bad.source.endswith("#line 2") and bad.code == "encoding"


def test_fragment_that_makes_lxml_assert_falls_back_to_plain_text(tmp_path: Path) -> None:
    # Found by the atheris harness: lxml raises AssertionError ("too many bodies") on "<html><!--...",
    # which escaped fragment_to_text and lost the whole feed as an "error".
    summary = "<html>" + "<!--" * 50 + "<p>The quay reopened on Monday.</p>"
    assert "quay reopened" in fragment_to_text(summary)
    from xml.sax.saxutils import escape

    f = tmp_path / "f.xml"
    f.write_bytes(
        feed(
            [
                ("Quay reopens", "https://quay.example/1", escape(summary)),
                ("Second item", "https://quay.example/2", "The ferry runs again."),
            ]
        )
    )
    docs = [d for d in iter_documents([str(f)], Config()) if isinstance(d, RawDocument)]
    assert [d.title for d in docs] == ["Quay reopens", "Second item"]
