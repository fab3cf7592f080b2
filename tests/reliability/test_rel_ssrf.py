"""SSRF: fetch refuses loopback, private, link-local, metadata and IPv6 local addresses in every spelling,
after DNS resolution and on every redirect — proven against real servers on loopback.

A "canary" server listens on 127.0.0.2 and counts the requests that reach it.
Every refused URL aims at it (or at a range nothing listens on) and the canary
must stay untouched; a control run with ``allow_private`` shows the same URLs do
reach it when the guard is off, so the test can fail.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from storyline.config import Config, Limits
from storyline.errors import FetchError
from storyline.ingest import fetch as fetch_mod
from storyline.ingest import fetch_url

PAGE = (
    b"<html><head><title>Canary</title></head><body><article><p>The canary page was reached, which means a "
    b"guarded fetch got through to an address it should have refused.</p></article></body></html>"
)


class Canary(BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        Canary.hits.append(self.path)
        if self.path.startswith("/go"):  # /go?to=URL redirects there
            target = parse_qs(urlsplit(self.path).query).get("to", ["/"])[0]
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(PAGE)


def _serve(host: str, family: int = socket.AF_INET) -> tuple[ThreadingHTTPServer, int]:
    cls = type("Server", (ThreadingHTTPServer,), {"address_family": family})
    server = cls((host, 0), Canary)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, int]]:
    main, main_port = _serve("127.0.0.1")
    canary, canary_port = _serve("127.0.0.2")
    ports = {"main": main_port, "canary": canary_port}
    started = [main, canary]
    try:
        v6, v6_port = _serve("::1", socket.AF_INET6)
        ports["v6"] = v6_port
        started.append(v6)
    except OSError:
        pass  # no IPv6 loopback here: [::1] is still checked for refusal, just not for reachability
    yield ports
    for s in started:
        s.shutdown()
        s.server_close()


@pytest.fixture(autouse=True)
def fresh_hits() -> None:
    Canary.hits.clear()


def cfg(allow: bool = False) -> Config:
    return Config(allow_private=allow, limits=Limits(fetch_timeout_s=3.0))


def canary_spellings(port: int) -> list[str]:
    """127.0.0.2 written every way a URL parser or libc accepts."""
    return [
        f"http://{h}:{port}/secret"
        for h in (
            "127.0.0.2",
            "2130706434",
            "0x7f000002",
            "0177.0.0.2",
            "0x7f.0.0.2",
            "127.2",
            "0177.0.0.0002",
            "[::ffff:127.0.0.2]",
            "127.0.0.2.",
        )
    ]


def test_every_spelling_of_a_loopback_address_is_refused(servers: dict[str, int]) -> None:
    for url in canary_spellings(servers["canary"]):
        with pytest.raises(FetchError) as info:
            fetch_url(url, cfg())
        assert info.value.code in {"blocked", "fetch"}, url
        if info.value.code == "blocked":
            assert "loopback" in info.value.reason and "allow_private" in info.value.reason
    assert Canary.hits == []


def test_the_same_urls_reach_the_canary_when_allowed(servers: dict[str, int]) -> None:
    reached = 0
    for url in canary_spellings(servers["canary"])[:3]:
        doc = fetch_url(url, cfg(allow=True))
        reached += "canary page was reached" in doc.text
    assert reached == 3 and len(Canary.hits) == 3


@pytest.mark.parametrize(
    ("host", "label"),
    [
        ("localhost", "loopback"),  # a name: refused after DNS resolution, not by its spelling
        ("10.20.30.40", "private"),
        ("192.168.0.1", "private"),
        ("172.16.0.9", "private"),
        ("169.254.169.254", "link-local"),
        ("[fe80::1]", "link-local"),
        ("[fd00::abcd]", "private"),
        ("[::1]", "loopback"),
        ("0.0.0.0", "private|unspecified"),
        ("[::]", "private|unspecified"),
        ("224.0.0.1", "multicast"),
    ],
)
def test_private_ranges_refused_before_connecting(host: str, label: str, servers: dict[str, int]) -> None:
    port = servers.get("v6", servers["canary"]) if host == "[::1]" else servers["canary"]
    with pytest.raises(FetchError) as info:
        fetch_url(f"http://{host}:{port}/latest/meta-data/", cfg())
    assert info.value.code == "blocked" and re.search(label, info.value.reason), info.value.reason
    assert Canary.hits == []


@pytest.fixture
def main_host_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard's policy with one exception: 127.0.0.1 (the first-hop server) counts as public.

    The guard itself — resolving, checking every hop, pinning the connection — runs unchanged.
    """
    real = fetch_mod._blocked
    monkeypatch.setattr(fetch_mod, "_blocked", lambda ip: None if str(ip) == "127.0.0.1" else real(ip))


@pytest.mark.usefixtures("main_host_only")
def test_every_redirect_hop_is_checked(servers: dict[str, int]) -> None:
    main = f"http://127.0.0.1:{servers['main']}"
    assert "canary" in fetch_url(f"{main}/page", cfg()).text.lower()  # the first hop alone is fine
    Canary.hits.clear()
    targets = [
        *canary_spellings(servers["canary"]),
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin",
        "http://localhost:1/",
        "http://[::1]:1/",
    ]
    for target in targets:
        for url in (f"{main}/go?to={target}", f"{main}/go?to={main}/go?to={target}"):  # one hop, two hops
            with pytest.raises(FetchError) as info:
                fetch_url(url, cfg())
            assert info.value.code in {"blocked", "fetch"}, (url, info.value.reason)
    assert all(h.startswith("/go") for h in Canary.hits)  # only the main server's redirects were served
    assert Canary.hits


def test_redirect_cap_is_configurable(servers: dict[str, int]) -> None:
    main = f"http://127.0.0.1:{servers['main']}"
    chain = f"{main}/page"
    for _ in range(4):
        chain = f"{main}/go?to={chain}"
    assert (
        "canary"
        in fetch_url(chain, Config(allow_private=True, limits=Limits(fetch_max_redirects=4))).text.lower()
    )
    with pytest.raises(FetchError, match=r"more than 3 redirects \(limits.fetch_max_redirects\)"):
        fetch_url(chain, Config(allow_private=True, limits=Limits(fetch_max_redirects=3)))
