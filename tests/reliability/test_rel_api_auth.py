"""Every write endpoint of the API needs the bearer token — found in the app's OpenAPI schema, so a
write endpoint added later is covered without editing this test.

A real server on loopback; refused writes must leave the store untouched. A
token in the query string or in the read cookie does not open writes (a
cross-site form could send the cookie).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from storyline.api import create_app
from storyline.api.devserver import running
from storyline.config import Config
from storyline.store import Store

TOKEN = "rel-token-7d2e"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
RECORD = {
    "id": "dock-1",
    "url": "https://quayside.example/dock",
    "outlet": "Quayside News",
    "title": "Dock gates repaired",
    "published": "2026-04-01",
    "language": "en",
    "text": "The dock gates were repaired on Tuesday after a storm bent them, the harbour office said.",
}


@pytest.fixture(scope="module")
def app_and_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, str, str]]:
    from storyline.pipeline import ingest

    folder = tmp_path_factory.mktemp("auth")
    (folder / "a.jsonl").write_text(json.dumps(RECORD) + "\n")
    db = str(folder / "auth.db")
    cfg = Config(db=db, embedder="hashing")
    with Store(db) as store:
        assert ingest([str(folder / "a.jsonl")], store, cfg).added
    app = create_app(db, token=TOKEN, config=cfg)
    with running(app) as url:
        yield app, url, db


def write_routes(app: object) -> list[tuple[str, str]]:
    """Every (method, path) the app documents with a write method (its OpenAPI schema lists them all)."""
    paths = app.openapi()["paths"]  # type: ignore[attr-defined]
    return sorted((m.upper(), p) for p, ops in paths.items() for m in ops if m.upper() in WRITE_METHODS)


def count(db: str) -> int:
    with Store(db) as store:
        return store.count_articles()


def test_every_write_route_refuses_without_the_right_token(app_and_url: tuple[object, str, str]) -> None:
    app, url, db = app_and_url
    routes = write_routes(app)
    assert ("POST", "/api/v1/ingest") in routes
    body = json.dumps(dict(RECORD, id="dock-2", url="https://quayside.example/dock-2")).encode()
    files = {"files": ("new.jsonl", body + b"\n", "application/json")}
    before = count(db)
    attempts = {
        "none": {},
        "wrong": {"headers": {"Authorization": "Bearer wrong-token"}},
        "basic": {"headers": {"Authorization": f"Basic {TOKEN}"}},
        "empty": {"headers": {"Authorization": "Bearer"}},
        "query": {"params": {"token": TOKEN}},
        "cookie": {"cookies": {"storyline_token": TOKEN}},
        "prefix": {"headers": {"Authorization": f"Bearer {TOKEN[:-1]}"}},
    }
    for method, path in routes:
        for name, extra in attempts.items():
            with httpx.Client(base_url=url, timeout=30, cookies=extra.get("cookies")) as client:
                r = client.request(
                    method, path, files=files, headers=extra.get("headers"), params=extra.get("params")
                )
            assert r.status_code == 401, (method, path, name, r.status_code, r.text[:200])
            assert r.json()["error"]["code"] == "unauthorized"
    assert count(db) == before  # nothing was written


def test_the_right_token_writes(app_and_url: tuple[object, str, str]) -> None:
    _, url, db = app_and_url
    body = json.dumps(dict(RECORD, id="dock-3", url="https://quayside.example/dock-3")).encode() + b"\n"
    before = count(db)
    r = httpx.post(
        f"{url}/api/v1/ingest",
        files={"files": ("n.jsonl", body, "application/json")},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=60,
    )
    assert r.status_code == 200, r.text
    assert r.json()["added"] == ["dock-3"] and count(db) == before + 1


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_read_paths_take_no_writes(app_and_url: tuple[object, str, str], method: str) -> None:
    _, url, db = app_and_url
    before = count(db)
    for path in ("/api/v1/articles", "/api/v1/articles/dock-1", "/api/v1/stories", "/"):
        r = httpx.request(method, url + path, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
        assert r.status_code == 405, (method, path, r.status_code)
    assert count(db) == before


def test_store_file_is_not_served(app_and_url: tuple[object, str, str]) -> None:
    _, url, db = app_and_url
    for path in (
        f"/static/../{Path(db).name}",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/../../pyproject.toml",
    ):
        r = httpx.get(url + path, timeout=30)
        assert r.status_code == 404, (path, r.status_code)
