"""Latency of the web UI and JSON API on a live server over a real-sized store.

    .venv/bin/python -m bench.api [--n 400] [--requests 30]

Builds a store from the AllSides dev split (../shared, real headline roundups:
title + opening paragraphs), runs the analysis with the hashing embedder,
serves it with uvicorn on loopback and times sequential GETs (median and p95,
milliseconds, warm cache). The first request after a change rebuilds the
snapshot; that cold time is printed separately. Figures are from a shared
2-core machine: treat them as rough.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from storyline.api import create_app
from storyline.api.devserver import running
from storyline.config import Config
from storyline.pipeline import analyze_articles
from storyline.records import Article
from storyline.store import Store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "allsides"


def load(n: int) -> list[Article]:
    gold = {}
    for line in (DATA / "gold.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        gold[row["id"]] = row.get("split")
    out = []
    for line in (DATA / "articles.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        if gold.get(r["id"]) != "dev":
            continue
        text = r.get("text") or ""
        out.append(Article(id=r["id"], url=r.get("url"), outlet=r.get("outlet"), outlet_domain=None,
                           title=r.get("title") or "", published=r.get("published"), language=r.get("language"),
                           text=text, original_text=text, source="allsides"))
        if len(out) >= n:
            break
    return out


def timed(client: httpx.Client, path: str, k: int) -> tuple[float, float]:
    times = []
    for _ in range(k):
        t = time.perf_counter()
        r = client.get(path)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (path, r.status_code)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=400, help="articles from the AllSides dev split")
    ap.add_argument("--requests", type=int, default=30, help="requests per endpoint")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        cfg = Config(db=db, embedder="hashing")
        with Store(db) as store:
            for art in load(args.n):
                store.add_article(art)
            started = time.perf_counter()
            analysis = analyze_articles(store.articles(), cfg, store=store)
            store.save_analysis(analysis)
            print(f"store: {store.count_articles()} articles, {len(analysis.stories)} stories "
                  f"(analysis {time.perf_counter() - started:.1f} s)")
        app = create_app(db, config=cfg)
        with running(app) as url, httpx.Client(base_url=url, timeout=60) as client:
            t = time.perf_counter()
            client.get("/api/v1/health")
            print(f"cold snapshot build (first request): {(time.perf_counter() - t) * 1000:.0f} ms")
            stories = client.get("/api/v1/stories", params={"limit": 500}).json()["items"]
            big = max(stories, key=lambda s: s["article_count"])
            art_id = client.get("/api/v1/articles", params={"limit": 1}).json()["items"][0]["id"]
            paths = [
                "/", f"/stories/{big['id']}", f"/articles/{art_id}", "/search?q=biden",
                "/api/v1/stories?limit=50", f"/api/v1/stories/{big['id']}", "/api/v1/articles?q=vaccine&limit=50",
                f"/api/v1/articles/{art_id}", "/api/v1/claims?limit=100", "/api/v1/export",
            ]
            print(f"{'GET':48s} {'median ms':>10s} {'p95 ms':>8s}")
            for path in paths:
                k = max(3, args.requests // 6) if path.endswith("export") else args.requests
                med, p95 = timed(client, path, k)
                print(f"{path[:48]:48s} {med:10.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
