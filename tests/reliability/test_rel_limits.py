"""Every limit in ``storyline.config.Limits``: configurable, enforced, and named in a clear one-line message.

Files go through ``iter_documents``/``pipeline.ingest`` as a user's would; fetch
limits use a real HTTP server on loopback (``allow_private``); one CLI run shows
the limits read from ``storyline.toml`` and ``STORYLINE_LIMIT_*``.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import fields
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storyline.clean import Cleaner
from storyline.config import Config, Limits
from storyline.errors import FetchError
from storyline.ingest import fetch_url, iter_documents
from storyline.records import Failure, RawDocument

from .hostile import feed, gzip_bomb, html_page, jsonl, warc

TESTED = {
    "max_file_bytes",
    "max_article_chars",
    "max_feed_entries",
    "max_decompressed_bytes",
    "max_records_per_file",
    "max_html_tags",
    "fetch_timeout_s",
    "fetch_max_bytes",
    "fetch_max_redirects",
}


def docs_and_fails(path: Path, **limits: float) -> tuple[list[RawDocument], list[Failure]]:
    items = list(iter_documents([str(path)], Config(allow_private=True, limits=Limits(**limits))))
    for f in items:
        if isinstance(f, Failure):
            assert f.reason and "\n" not in f.reason
    return ([x for x in items if isinstance(x, RawDocument)], [x for x in items if isinstance(x, Failure)])


def test_every_limit_is_covered_here() -> None:
    assert {f.name for f in fields(Limits)} == TESTED


def test_file_size(tmp_path: Path) -> None:
    f = tmp_path / "long.txt"
    f.write_text("Harbour news\n" + "The harbour board met again. " * 2000)
    docs, _ = docs_and_fails(f)
    assert len(docs) == 1
    _, (fail,) = docs_and_fails(f, max_file_bytes=10_000)
    assert (
        fail.code == "too-large"
        and fail.reason == "file is 57 KB, over the 10 KB limit (limits.max_file_bytes)"
    )


def test_article_length_is_cut_and_flagged() -> None:
    paras = "\n".join(
        f"Paragraph {i}: the harbour board met again and agreed on the budget." for i in range(400)
    )
    raw = RawDocument(id="a", source="a.txt", text=paras, title="Budget")
    art = Cleaner(Config(limits=Limits(max_article_chars=1_000))).clean(raw)
    assert len(art.text) <= 1_000 and art.text.endswith("budget.") and "truncated" in art.cleaning
    full = Cleaner(Config()).clean(raw)
    assert "truncated" not in full.cleaning and len(full.text) > 20_000


def test_feed_entries(tmp_path: Path) -> None:
    f = tmp_path / "f.xml"
    f.write_bytes(
        feed([(f"Item {i}", f"https://lake.example/{i}", f"Lake level report {i}.") for i in range(12)])
    )
    docs, (fail,) = docs_and_fails(f, max_feed_entries=5)
    assert len(docs) == 5 and fail.code == "too-large"
    assert fail.reason == "feed has 12 entries; only the first 5 were read (limits.max_feed_entries)"


@pytest.mark.parametrize("kind", ["text", "jsonl", "warc"])
def test_decompression_bombs(tmp_path: Path, kind: str) -> None:
    cap = 2 * 1024 * 1024
    if kind == "text":
        data = gzip_bomb(64 * 1024 * 1024)  # 64 MB of "a" in ~65 KB
    elif kind == "jsonl":
        line = json.dumps({"id": "b", "title": "Bomb", "text": "a" * (1 << 20)}).encode() + b"\n"
        data = gzip.compress(line * 64, compresslevel=9)
    else:
        page = html_page("Bomb", ["a" * (1 << 20)])
        data = gzip.compress(warc([(f"https://bomb.example/{i}", page) for i in range(40)]), compresslevel=9)
    f = tmp_path / f"bomb.{kind}.gz"
    f.write_bytes(data)
    assert len(data) < cap  # small on disk, huge inside
    start = time.monotonic()
    _, fails = docs_and_fails(f, max_decompressed_bytes=cap)
    assert time.monotonic() - start < 30
    assert [x.code for x in fails if x.source == str(f)] == ["too-large"]
    assert "over the 2 MB limit (limits.max_decompressed_bytes)" in fails[-1].reason


def test_records_per_file(tmp_path: Path) -> None:
    f = tmp_path / "many.jsonl"
    f.write_bytes(jsonl([{"id": f"r{i}", "title": f"T{i}", "text": f"Body {i}."} for i in range(10)]))
    docs, (fail,) = docs_and_fails(f, max_records_per_file=4)
    assert [d.id for d in docs] == ["r0", "r1", "r2", "r3"]
    assert fail.reason == "more than 4 records; the rest were not read (limits.max_records_per_file)"


class Slow(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        body = (
            html_page("Big", ["The harbour board met again. " * 4000])
            if self.path == "/big"
            else (html_page("Ok", ["The harbour board met on Monday and agreed the budget for the year."]))
        )
        if self.path.startswith("/hop/"):
            left = int(self.path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", f"/hop/{left - 1}" if left > 1 else "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()  # no Content-Length: the cap must hold on a streamed body
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if self.path == "/drip":  # a byte every 0.2 s: each read is quick, the whole never ends
                for ch in body:
                    self.wfile.write(bytes([ch]))
                    self.wfile.flush()
                    time.sleep(0.2)
            else:
                self.wfile.write(body)


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fetch_cfg(**limits: float) -> Config:
    return Config(allow_private=True, limits=Limits(**{"fetch_timeout_s": 5.0, **limits}))


def test_fetch_limits(base: str) -> None:
    assert fetch_url(f"{base}/big", fetch_cfg()).text
    with pytest.raises(FetchError, match=r"over the 20000 byte limit \(limits.fetch_max_bytes\)"):
        fetch_url(f"{base}/big", fetch_cfg(fetch_max_bytes=20_000))
    assert fetch_url(f"{base}/hop/3", fetch_cfg(fetch_max_redirects=3)).text
    with pytest.raises(FetchError, match=r"more than 2 redirects \(limits.fetch_max_redirects\)"):
        fetch_url(f"{base}/hop/3", fetch_cfg(fetch_max_redirects=2))
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0.5 s"):
        fetch_url(f"{base}/drip", fetch_cfg(fetch_timeout_s=0.5))
    assert time.monotonic() - start < 3  # a slow drip is cut by the total deadline, not read for minutes


def test_limits_come_from_toml_and_environment_in_the_cli(tmp_path: Path) -> None:
    (tmp_path / "storyline.toml").write_text("[limits]\nmax_file_bytes = 5000\n")
    (tmp_path / "big.txt").write_text("Harbour news\n" + "The harbour board met again. " * 400)
    (tmp_path / "f.xml").write_bytes(
        feed([(f"Item {i}", f"https://lake.example/{i}", f"Report {i}.") for i in range(4)])
    )
    env = {**os.environ, "COLUMNS": "300", "STORYLINE_LIMIT_MAX_FEED_ENTRIES": "2"}
    run = subprocess.run(
        [sys.executable, "-m", "storyline.cli.main", "ingest", "big.txt", "f.xml", "--db", "s.db"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    lines = [ln for ln in run.stderr.splitlines() if ln.startswith("skipped")]
    assert len(lines) == 2, run.stderr
    assert "big.txt: file is 11 KB, over the 5 KB limit (limits.max_file_bytes) (too-large)" in lines[0]
    assert "only the first 2 were read (limits.max_feed_entries)" in lines[1]
    assert "ingest: 2 new" in run.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "storyline.cli.main", "ingest", "f.xml", "--db", "s.db"],
        cwd=tmp_path,
        env={**env, "STORYLINE_LIMIT_MAX_FEED_ENTRIES": "-1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 2 and "limits.max_feed_entries must be a positive number" in bad.stderr


def test_html_tags(tmp_path: Path) -> None:
    # Extraction time grows with the element count: 190,000 <p> in 2 MB took over a minute on a shared CI box.
    f = tmp_path / "many.html"
    f.write_bytes(b"<html><body>" + b"<p>The harbour board met again.</p>" * 3000 + b"</body></html>")
    docs, _ = docs_and_fails(f)
    assert len(docs) == 1
    start = time.monotonic()
    _, (fail,) = docs_and_fails(f, max_html_tags=5000)
    assert time.monotonic() - start < 5
    assert (
        fail.code == "too-large"
        and fail.reason == "page has 6004 tags, over the 5000 limit (limits.max_html_tags)"
    )
    w = tmp_path / "many.warc"
    w.write_bytes(warc([("https://many.example/1", f.read_bytes())]))
    _, (wfail,) = docs_and_fails(w, max_html_tags=5000)
    assert wfail.source.endswith("#https://many.example/1") and "(limits.max_html_tags)" in wfail.reason


def test_entries_past_the_feed_cap_are_never_parsed(tmp_path: Path) -> None:
    # feedparser parses the whole document first (ms per entry): entries past the cap are cut off unread.
    f = tmp_path / "long.xml"
    f.write_bytes(feed([(f"Item {i}", f"https://lake.example/{i}", "x") for i in range(60_000)]))
    start = time.monotonic()
    docs, (fail,) = docs_and_fails(f, max_feed_entries=10)
    assert time.monotonic() - start < 10  # all 60,000 entries take minutes
    assert [d.title for d in docs] == [f"Item {i}" for i in range(10)]
    assert fail.reason == "feed has 60000 entries; only the first 10 were read (limits.max_feed_entries)"
