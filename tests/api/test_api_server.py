"""The JSON API against a real uvicorn server over a store built by the real pipeline."""

from __future__ import annotations

import httpx
import pytest

from storyline.api import create_app
from storyline.api.devserver import running

from .conftest import TOKEN, corpus  # noqa: F401  (loaded by path in conftest)


def get(server: str, path: str, **params: object) -> httpx.Response:
    return httpx.get(server + path, params=params, timeout=30)


def test_health_and_security_headers(server):
    r = get(server, "/api/v1/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["articles"] == len(corpus.RECORDS)
    assert body["writes_enabled"] is False
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"


def test_articles_pagination_covers_everything_once(server):
    first = get(server, "/api/v1/articles", limit=2, offset=0).json()
    assert first["total"] == len(corpus.RECORDS) and len(first["items"]) == 2
    seen = []
    for offset in range(0, first["total"], 2):
        page = get(server, "/api/v1/articles", limit=2, offset=offset).json()
        assert page["offset"] == offset and page["limit"] == 2
        seen += [a["id"] for a in page["items"]]
    assert sorted(seen) == sorted(r["id"] for r in corpus.RECORDS)
    past_end = get(server, "/api/v1/articles", limit=2, offset=100).json()
    assert past_end["items"] == [] and past_end["total"] == len(corpus.RECORDS)


def test_search_matches_title_text_and_outlet_case_insensitively(server):
    by_text = get(server, "/api/v1/articles", q="GRAIN ships").json()
    assert [a["id"] for a in by_text["items"]] == ["strike-wire", "strike-copy"]
    by_outlet = get(server, "/api/v1/articles", q="city lens").json()
    assert [a["id"] for a in by_outlet["items"]] == ["tram-2"]
    nothing = get(server, "/api/v1/articles", q="zeppelin").json()
    assert nothing == {"total": 0, "limit": 50, "offset": 0, "items": []}
    filtered = get(server, "/api/v1/articles", outlet="Drenlow Post", language="en").json()
    assert [a["id"] for a in filtered["items"]] == ["tram-1"]


def test_story_detail_joins_articles_and_provenance(server):
    stories = get(server, "/api/v1/stories").json()
    assert stories["total"] >= 2
    story_id = get(server, "/api/v1/articles/strike-wire").json()["story_id"]
    copy_story = next(s for s in stories["items"] if s["id"] == story_id)
    detail = get(server, f"/api/v1/stories/{copy_story['id']}").json()
    ids = {a["id"] for a in detail["articles"]}
    assert {"strike-wire", "strike-copy"} <= ids
    copies = [e for e in detail["provenance"] if e["relation"] == "copies"]
    assert copies and copies[0]["article_id"] == "strike-copy" and copies[0]["source"] == "strike-wire"
    by_story = get(server, "/api/v1/articles", story_id=copy_story["id"]).json()
    assert {a["id"] for a in by_story["items"]} == ids


def test_article_detail_and_filters_on_analysis_lists(server):
    art = get(server, "/api/v1/articles/strike-copy").json()
    assert art["duplicate_of"] == "strike-wire" and "Marta Oskel" in art["text"]
    atts = get(server, "/api/v1/attributions", article_id="strike-wire").json()
    assert all(a["article_id"] == "strike-wire" for a in atts["items"])
    for item in atts["items"]:
        assert art["text"] is not None and item["start"] <= item["end"]
    prov = get(server, "/api/v1/provenance", article_id="strike-wire").json()
    assert prov["total"] >= 1
    claims = get(server, "/api/v1/claims", status="no-such-status").json()
    assert claims["total"] == 0


@pytest.mark.parametrize("path", ["/api/v1/stories/nope", "/api/v1/articles/nope", "/api/v1/storylines/nope",
                                  "/api/v1/no-such-endpoint"])
def test_unknown_ids_give_404_in_the_error_shape(server, path):
    r = get(server, path)
    assert r.status_code == 404
    err = r.json()["error"]
    assert err["code"] == "not_found" and err["message"]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"offset": -1}, {"limit": "ten"}])
def test_bad_params_give_422_in_the_error_shape(server, params):
    r = get(server, "/api/v1/articles", **params)
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "invalid_params" and ("limit" in err["message"] or "offset" in err["message"])


def test_export_is_the_versioned_document(server):
    data = get(server, "/api/v1/export").json()
    assert data["schema"] == "storyline.export/1"
    assert {a["id"] for a in data["articles"]} == {r["id"] for r in corpus.RECORDS}


def test_ingest_refused_when_no_token_is_configured(server):
    r = httpx.post(server + "/api/v1/ingest", json={"urls": ["https://example.org/a"]}, timeout=30)
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "writes_disabled" and "STORYLINE_TOKEN" in r.json()["error"]["message"]


@pytest.fixture(scope="module")
def write_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("write-store")
    db = corpus.fill_store(folder, corpus.RECORDS[:2])
    app = create_app(db, token=TOKEN, config=corpus.test_config(db))
    with running(app) as url:
        yield url


def test_ingest_needs_the_right_bearer_token(write_server):
    files = {"files": ("a.jsonl", b"{}", "application/json")}
    missing = httpx.post(write_server + "/api/v1/ingest", files=files, timeout=30)
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "unauthorized"
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = httpx.post(write_server + "/api/v1/ingest", files=files, timeout=30,
                       headers={"Authorization": "Bearer not-the-token"})
    assert wrong.status_code == 401


@pytest.mark.skipif(not corpus.pipeline_ingest_available(), reason="storyline.ingest/clean not in this tree yet")
def test_upload_ingest_and_analyze_end_to_end(write_server):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    new = [r for r in corpus.RECORDS if r["id"] in ("tram-1", "tram-2")]
    payload = "".join(__import__("json").dumps(r) + "\n" for r in new).encode()
    files = [("files", ("more.jsonl", payload, "application/x-ndjson")),
             ("files", ("../../etc/broken.bin", b"\x00\x01\x02\xff" * 64, "application/octet-stream"))]
    r = httpx.post(write_server + "/api/v1/ingest?analyze=true", files=files, headers=auth, timeout=120)
    assert r.status_code == 200, r.text
    body = r.json()
    assert sorted(body["added"]) == ["tram-1", "tram-2"]
    assert body["analyzed"] is True and body["stories"] >= 2
    assert len(body["failures"]) == 1
    failure = body["failures"][0]
    assert failure["source"].startswith("upload:") and "broken.bin" in failure["source"]
    assert "storyline-upload-" not in failure["source"] + failure["reason"]
    listed = httpx.get(write_server + "/api/v1/articles", params={"q": "tram"}, timeout=30).json()
    assert {a["id"] for a in listed["items"]} == {"tram-1", "tram-2"}
    again = httpx.post(write_server + "/api/v1/ingest", files=files[:1], headers=auth, timeout=60).json()
    assert again["added"] == [] and sorted(again["existing"]) == ["tram-1", "tram-2"]


def test_ingest_rejects_bad_bodies_with_422_or_415(write_server):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    url = write_server + "/api/v1/ingest"
    assert httpx.post(url, json={"urls": "https://example.org"}, headers=auth, timeout=30).status_code == 422
    bad_scheme = httpx.post(url, json={"urls": ["file:///etc/passwd"]}, headers=auth, timeout=30)
    assert bad_scheme.status_code == 422 and "file:///etc/passwd" in bad_scheme.json()["error"]["message"]
    empty = httpx.post(url, files={"note": (None, "x")}, headers=auth, timeout=30)
    assert empty.status_code == 422 and "nothing to ingest" in empty.json()["error"]["message"]
    plain = httpx.post(url, content=b"hello", headers={**auth, "content-type": "text/plain"}, timeout=30)
    assert plain.status_code == 415 and plain.json()["error"]["code"] == "unsupported_media_type"


def test_non_loopback_mode_requires_the_token_for_reads(filled_db):
    app = create_app(filled_db, token=TOKEN, config=corpus.test_config(filled_db), require_read_token=True)
    with running(app) as url:
        assert httpx.get(url + "/api/v1/health", timeout=30).status_code == 401
        assert httpx.get(url + "/", timeout=30).status_code == 401
        ok = httpx.get(url + "/api/v1/health", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
        assert ok.status_code == 200
        with httpx.Client(base_url=url, timeout=30, follow_redirects=True) as browser:
            first = browser.get("/", params={"token": TOKEN})
            assert first.status_code == 200 and "Stories" in first.text  # redirected, cookie set
            assert browser.get("/search", params={"q": "tram"}).status_code == 200


def test_storylines_list_and_detail_agree_with_stories(server):
    lines = get(server, "/api/v1/storylines", limit=500).json()
    stories = {s["id"]: s for s in get(server, "/api/v1/stories", limit=500).json()["items"]}
    assert lines["total"] >= 1
    for line in lines["items"]:
        detail = get(server, f"/api/v1/storylines/{line['id']}").json()
        assert [s["id"] for s in detail["stories"]] == line["story_ids"]
        assert all(stories[s]["storyline_id"] == line["id"] for s in line["story_ids"])
    only = get(server, "/api/v1/stories", storyline_id=lines["items"][0]["id"]).json()
    assert {s["id"] for s in only["items"]} == set(lines["items"][0]["story_ids"])


def test_a_crash_inside_a_handler_is_a_500_in_the_error_shape(filled_db, monkeypatch):
    from storyline.api import data

    app = create_app(filled_db, config=corpus.test_config(filled_db))

    def broken(self, *a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(data.Snapshot, "claims_for", broken)
    with running(app) as url:
        r = httpx.get(url + "/api/v1/claims", timeout=30)
        assert r.status_code == 500 and r.json()["error"]["code"] == "internal"
        assert "boom" not in r.text and r.headers["x-content-type-options"] == "nosniff"
        page = httpx.get(url + "/api/v1/health", timeout=30)
        assert page.status_code == 200  # the server goes on


PAGE = """<!doctype html><html><head><title>Ferry service to Ostrel resumes</title>
<meta property="og:site_name" content="Harbour Review"></head><body><article><h1>Ferry service to Ostrel resumes</h1>
<p>The ferry between Valmora and the island of Ostrel resumed on Tuesday after a two week pause for repairs.</p>
<p>"The boat is safe and the timetable is back to normal," said harbour master Ilse Marn.</p>
<p>Islanders said the pause had left shops short of fresh bread and milk for most of the fortnight.</p>
</article></body></html>"""


@pytest.mark.skipif(not corpus.pipeline_ingest_available(), reason="storyline.ingest/clean not in this tree yet")
def test_url_ingest_fetches_through_the_pipeline(tmp_path):
    import http.server
    import threading
    from functools import partial

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "ferry.html").write_text(PAGE, encoding="utf-8")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    db = corpus.fill_store(tmp_path, corpus.RECORDS[:1])
    cfg = __import__("dataclasses").replace(corpus.test_config(db), allow_private=True)
    try:
        with running(create_app(db, token=TOKEN, config=cfg)) as url:
            page_url = f"http://127.0.0.1:{httpd.server_port}/ferry.html"
            missing = f"http://127.0.0.1:{httpd.server_port}/nothing-here.html"
            r = httpx.post(url + "/api/v1/ingest", json={"urls": [page_url, missing]},
                           headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
            assert r.status_code == 200, r.text
            body = r.json()
            assert len(body["added"]) == 1 and [f["source"] for f in body["failures"]] == [missing]
            art = httpx.get(f"{url}/api/v1/articles/{body['added'][0]}", timeout=30).json()
            assert "Ostrel" in art["title"] and "fresh bread" in art["text"]
    finally:
        httpd.shutdown()


def test_a_new_analysis_in_the_store_shows_without_a_restart(tmp_path):
    from storyline.records import Analysis
    from storyline.store import Store

    db = corpus.fill_store(tmp_path, corpus.RECORDS[:2])
    with running(create_app(db, config=corpus.test_config(db))) as url:
        before = httpx.get(url + "/api/v1/stories", timeout=30).json()["total"]
        assert before >= 1
        with Store(db) as other:  # e.g. `storyline analyze` run beside the server
            other.save_analysis(Analysis())
        assert httpx.get(url + "/api/v1/stories", timeout=30).json()["total"] == 0


def test_openapi_documents_the_bearer_token_and_error_shape(server):
    doc = httpx.get(server + "/openapi.json", timeout=30).json()
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert doc["paths"]["/api/v1/ingest"]["post"]["security"] == [{"bearerAuth": []}]
    story = doc["paths"]["/api/v1/stories/{story_id}"]["get"]
    assert story["responses"]["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")
    assert {t["name"] for t in doc["tags"]} >= {"stories", "articles", "analysis", "export", "write", "meta"}


def test_ui_errors_are_pages_not_json(server):
    bad = httpx.get(server + "/search", params={"page": 0}, timeout=30)
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("text/html")
    assert "page" in bad.text and "<!doctype html>" in bad.text
    missing = httpx.get(server + "/no/such/page", timeout=30)
    assert missing.status_code == 404 and "no such path: /no/such/page" in missing.text
    assert "default-src 'self'" in missing.headers["content-security-policy"]
