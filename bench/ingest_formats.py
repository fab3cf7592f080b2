"""Ingest parsers alone (no cleaning, no store): throughput per format, and
trafilatura's extraction quality with and without ``favor_precision``.

    .venv/bin/python -m bench.ingest_formats [--n 300]

Inputs come from ../shared (read-only): the AllSides and ECB+ JSONL files as
they are, PolNeAR dev ``.txt`` files, and ECB+ dev/train articles (never test)
wrapped into HTML pages with navigation, related links and a footer, which
are also written as a gzipped WARC and an RSS feed. Extraction quality is
word precision/recall of the extracted text against the article text we
wrapped, so it measures boilerplate removal on our page template only, not
on real sites. Figures on a shared 2-core machine are noisy.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import resource
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import trafilatura
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.config import Config
from storyline.ingest import iter_documents
from storyline.records import RawDocument

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"

NAV = "<nav><ul>" + "".join(f"<li><a href='/s{i}'>Section {w}</a></li>" for i, w in enumerate(
    ["World", "Politics", "Business", "Sport", "Weather", "Opinion"])) + "</ul></nav>"
RELATED = "<aside><h3>Most read</h3><ul>" + "".join(
    f"<li><a href='/r{i}'>Readers also liked story number {i} about the local council budget</a></li>"
    for i in range(5)) + "</ul></aside>"
FOOTER = ("<footer><p>Subscribe to our newsletter for the day's top stories.</p>"
          "<p>Copyright Example Media Group. All rights reserved. Terms. Privacy. Cookies.</p></footer>")


def page(rec: dict) -> str:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in rec["text"].split("\n") if p.strip())
    title = html.escape(rec.get("title") or "Untitled")
    return (f"<!doctype html><html><head><title>{title} | Example News</title>"
            f"<meta property='og:site_name' content='Example News'></head><body>{NAV}"
            f"<main><article><h1>{title}</h1><p class='byline'>By Staff Reporter</p>{paras}</article>"
            f"{RELATED}</main>{FOOTER}</body></html>")


def words(text: str) -> Counter:
    return Counter(w.strip(".,;:!?\"'()").lower() for w in text.split() if w.strip(".,;:!?\"'()"))


def quality(records: list[dict], favor_precision: bool) -> tuple[float, float, float]:
    tp = pred = gold = 0
    t0 = time.perf_counter()
    for rec in records:
        doc = trafilatura.bare_extraction(page(rec), with_metadata=True, favor_precision=favor_precision)
        got = words(doc.text if doc is not None and doc.text else "")
        want = words(rec["text"])
        tp += sum((got & want).values())
        pred += sum(got.values())
        gold += sum(want.values())
    return tp / max(pred, 1), tp / max(gold, 1), (time.perf_counter() - t0) / max(len(records), 1)


def timed(label: str, paths: list[str], config: Config) -> None:
    t0 = time.perf_counter()
    docs = fails = 0
    for item in iter_documents(paths, config):
        if isinstance(item, RawDocument):
            docs += 1
        else:
            fails += 1
    dt = time.perf_counter() - t0
    print(f"{label:<34} {docs:>6} docs {fails:>4} failed {dt:7.2f} s {docs / dt:8.0f} docs/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=300, help="ECB+ dev/train articles to wrap as HTML")
    args = parser.parse_args()
    config = Config()
    gold = {json.loads(x)["id"]: json.loads(x)["split"] for x in (SHARED / "ecbplus" / "gold.jsonl").open()}
    recs = [json.loads(x) for x in (SHARED / "ecbplus" / "articles.jsonl").open()]
    recs = [r for r in recs if gold.get(r["id"]) in ("dev", "train") and r["text"].strip()][: args.n]
    print(f"cores: {os.cpu_count()} (shared machine: timings are noisy)")
    print("-- throughput (iter_documents, parse only)")
    timed("JSONL allsides", [str(SHARED / "allsides" / "articles.jsonl")], config)
    timed("JSONL ecbplus", [str(SHARED / "ecbplus" / "articles.jsonl")], config)
    timed("text polnear/dev (folder)", [str(SHARED / "polnear" / "dev" / "text")], config)
    with tempfile.TemporaryDirectory() as tmp:
        hdir = Path(tmp) / "html"
        hdir.mkdir()
        for r in recs:
            (hdir / f"{r['id']}.html").write_text(page(r), encoding="utf-8")
        timed(f"HTML ecb+ dev/train pages ({len(recs)})", [str(hdir)], config)
        warc = Path(tmp) / "pages.warc.gz"
        with open(warc, "wb") as out:
            writer = WARCWriter(out, gzip=True)
            for r in recs:
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                           protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    f"https://news.example/{r['id']}", "response", payload=io.BytesIO(page(r).encode()),
                    http_headers=headers))
        timed("WARC.gz of the same pages", [str(warc)], config)
        now = format_datetime(datetime(2025, 1, 1, tzinfo=UTC))
        items = "".join(
            f"<item><title>{html.escape(r.get('title') or 'x')}</title><link>https://news.example/{r['id']}</link>"
            f"<pubDate>{now}</pubDate><description>{html.escape(page(r)[:2000])}</description></item>"
            for r in recs)
        feed = Path(tmp) / "feed.xml"
        feed.write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>Example</title>{items}"
                        "</channel></rss>", encoding="utf-8")
        timed("RSS of the same (summaries)", [str(feed)], config)
    print("-- trafilatura on wrapped ECB+ dev/train pages (word precision / recall / s per page)")
    for fp in (False, True):
        p, r, s = quality(recs, fp)
        print(f"favor_precision={fp!s:<5}  P {p:.3f}  R {r:.3f}  {s * 1000:.1f} ms/page")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
