"""Hostile input builders shared by the reliability tests and ``bench/fuzz.py``.

Every article here is invented. The builders return bytes so the same case can
be written to a file (CLI, ``pipeline.ingest``) or fed to one parser.
"""

from __future__ import annotations

import gzip
import io
import json

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PAYLOADS = (
    "<script>window.__pwned=1;alert('x')</script>",
    "<img src=x onerror=\"window.__pwned=1;alert('x')\">",
    "<svg onload=alert(1)>",
    "javascript:alert(document.cookie)",
    '"><iframe src=javascript:alert(1)>',
    "{{7*7}} ${7*7} <%= 7*7 %>",
)


def html_page(title: str, paragraphs: list[str], site: str = "Harbour Courier") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title><meta property='og:site_name' content='{site}'></head>"
        f"<body><article>{body}</article></body></html>"
    ).encode()


def feed(items: list[tuple[str, str, str]], title: str = "Lakeside Wire") -> bytes:
    """An RSS 2.0 feed of ``(title, link, summary)`` items."""
    entries = "".join(
        f"<item><title>{t}</title><link>{u}</link><description>{d}</description></item>" for t, u, d in items
    )
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>{title}</title>{entries}</channel></rss>".encode()


def warc(pages: list[tuple[str, bytes]], gz: bool = False) -> bytes:
    """A WARC of HTML ``response`` records: ``(target URI, HTML)`` each."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for uri, body in pages:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
        )
    return buf.getvalue()


def jsonl(records: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def gzip_bomb(decompressed: int) -> bytes:
    """A small gzip whose content is ``decompressed`` bytes (compressed ~1000:1)."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        chunk = b"Bomb headline\n" + b"a" * (1 << 20)
        left = decompressed
        while left > 0:
            gz.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)
    return out.getvalue()


def huge_attribute_tag(n: int) -> bytes:
    """One start tag with ``n`` attributes: libxml2 checks them pairwise (quadratic)."""
    attrs = " ".join(f"a{i}=x" for i in range(n))
    return (
        f"<html><body><p {attrs}>The ferry to the outer islands runs twice a day again, the operator said."
        "</p></body></html>"
    ).encode()


def deep_html(depth: int) -> bytes:
    return (
        b"<html><body>" + b"<div>" * depth + b"<p>Deep inside the page the council said the road reopens."
        b"</p>" + b"</div>" * depth + b"</body></html>"
    )
