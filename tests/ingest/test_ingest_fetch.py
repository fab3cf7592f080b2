"""fetch against a real HTTP server on 127.0.0.1: success, SSRF guard, redirects, caps, timeouts."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storyline.config import Config, Limits
from storyline.errors import FetchError, UnsupportedInput
from storyline.ingest import fetch as fetch_mod
from storyline.ingest import fetch_url, iter_documents
from storyline.records import Failure, RawDocument

ARTICLE = (b"<html><head><title>Ferry service resumes</title><meta property='og:site_name' content='Coast Herald'>"
           b"</head><body><article><p>The island ferry service resumed on Wednesday after a week of repairs to the "
           b"main landing ramp, the harbour office said.</p><p>Extra sailings will run on Saturday to clear the "
           b"queue of waiting cars and lorries.</p></article></body></html>")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", length: bool = True,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # client stopped at its size cap
            self.wfile.write(body)

    last_host: str | None = None

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        Handler.last_host = self.headers.get("Host")
        path = self.path
        if path.startswith("/article"):
            self._send(200, ARTICLE)
        elif path == "/hop":
            self._send(302, b"", headers={"Location": "/article?via=hop"})
        elif path == "/to-private":
            self._send(302, b"", headers={"Location": "http://10.1.2.3/secret"})
        elif path == "/to-metadata":
            self._send(301, b"", headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        elif path == "/loop":
            self._send(302, b"", headers={"Location": "/loop"})
        elif path == "/big":
            self._send(200, b"<html><body><p>" + b"word " * 40_000 + b"</p></body></html>")
        elif path == "/big-unsized":
            self._send(200, b"<html><body><p>" + b"word " * 40_000 + b"</p></body></html>", length=False)
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, ARTICLE)
        elif path == "/data.json":
            self._send(200, b'{"a": 1}', ctype="application/json")
        else:
            self._send(404, b"<html><body>no</body></html>")


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def cfg(allow: bool = True, **limits: float) -> Config:
    return Config(allow_private=allow, limits=Limits(**{"fetch_timeout_s": 5.0, **limits}))


def test_fetch_article(base: str) -> None:
    doc = fetch_url(f"{base}/article", cfg())
    assert doc.fmt == "url" and doc.outlet == "Coast Herald" and "landing ramp" in doc.text
    assert doc.id == fetch_mod.url_id(f"{base}/article#top")
    assert doc.id.startswith("url-") and len(doc.id) == 16
    assert doc.source == f"{base}/article"


def test_loopback_refused_by_default(base: str) -> None:
    (fail,) = iter_documents([f"{base}/article"], cfg(allow=False))
    assert isinstance(fail, Failure) and fail.code == "blocked"
    assert "loopback address 127.0.0.1" in fail.reason and "allow_private" in fail.reason


def test_redirect_followed_and_loop_capped(base: str) -> None:
    doc = fetch_url(f"{base}/hop", cfg())
    assert doc.url == f"{base}/article?via=hop"
    with pytest.raises(FetchError, match=r"more than 2 redirects"):
        fetch_url(f"{base}/loop", cfg(fetch_max_redirects=2))


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard policy that lets loopback through (our test server) but nothing else private."""
    real = fetch_mod._blocked
    monkeypatch.setattr(fetch_mod, "_blocked", lambda ip: None if ip.is_loopback else real(ip))


@pytest.mark.parametrize(("path", "label"), [("/to-private", "private"), ("/to-metadata", "link-local")])
@pytest.mark.usefixtures("loopback_only")
def test_redirect_to_private_address_refused(base: str, path: str, label: str) -> None:
    assert fetch_url(f"{base}/article", cfg(allow=False)).text  # the first hop alone passes the guard
    with pytest.raises(FetchError, match=label) as info:
        fetch_url(f"{base}{path}", cfg(allow=False))
    assert info.value.code == "blocked"


@pytest.mark.usefixtures("loopback_only")
def test_connection_pinned_to_vetted_address(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # "pinned.invalid" exists in no DNS: the fetch works only if it connects to the address the guard vetted.
    real = fetch_mod.resolve
    monkeypatch.setattr(fetch_mod, "resolve", lambda h, p: ["127.0.0.1"] if h == "pinned.invalid" else real(h, p))
    port = base.rsplit(":", 1)[1]
    doc = fetch_url(f"http://pinned.invalid:{port}/article", cfg(allow=False))
    assert doc.url == f"http://pinned.invalid:{port}/article" and "landing ramp" in doc.text
    assert Handler.last_host == f"pinned.invalid:{port}"


@pytest.mark.parametrize("path", ["/big", "/big-unsized"])
def test_size_cap(base: str, path: str) -> None:
    with pytest.raises(FetchError, match=r"limits.fetch_max_bytes") as info:
        fetch_url(f"{base}{path}", cfg(fetch_max_bytes=50_000))
    assert info.value.code == "too-large"


def test_timeout(base: str) -> None:
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0.3 s"):
        fetch_url(f"{base}/slow", cfg(fetch_timeout_s=0.3))
    assert time.monotonic() - start < 1.4


def test_non_html_404_and_refused(base: str) -> None:
    with pytest.raises(UnsupportedInput, match="application/json"):
        fetch_url(f"{base}/data.json", cfg())
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url(f"{base}/missing", cfg())
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="connection refused"):
        fetch_url(f"http://127.0.0.1:{port}/x", cfg())


def test_non_http_scheme_refused() -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetch_url("file:///etc/passwd", cfg())


def test_url_list_file(base: str, tmp_path: Path) -> None:
    f = tmp_path / "reading.urls"
    f.write_text(f"# today's reading\n{base}/article?n=1\n\n{base}/missing\n{base}/article?n=2\n")
    items = list(iter_documents([str(f)], cfg()))
    assert [type(x).__name__ for x in items] == ["RawDocument", "Failure", "RawDocument"]
    a, bad, b = items
    assert isinstance(a, RawDocument) and a.id != b.id
    assert bad.source == f"{base}/missing" and bad.code == "fetch"
