"""`storyline serve`: which hosts count as loopback, and the refusals before binding."""

from __future__ import annotations

import pytest

from storyline.cli.serve import is_loopback, serve
from storyline.errors import ConfigError


@pytest.mark.parametrize("host,expected", [("127.0.0.1", True), ("127.8.0.1", True), ("::1", True),
                                           ("[::1]", True), ("localhost", True), ("0.0.0.0", False),
                                           ("192.168.1.4", False), ("::", False), ("example.org", False)])
def test_loopback_hosts(host, expected):
    assert is_loopback(host) is expected


def test_serve_refuses_a_missing_store(tmp_path):
    with pytest.raises(ConfigError, match="no such store"):
        serve(str(tmp_path / "absent.db"), "127.0.0.1", 0, None)


def test_serve_refuses_a_public_host_without_a_token(tmp_path, monkeypatch):
    from storyline.store import Store

    db = tmp_path / "s.db"
    Store(db).close()
    monkeypatch.delenv("STORYLINE_TOKEN", raising=False)
    with pytest.raises(ConfigError, match="STORYLINE_TOKEN"):
        serve(str(db), "0.0.0.0", 0, None)
