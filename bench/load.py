"""Bounded load test on loopback: concurrent readers while an ingest runs through the API.

    .venv/bin/python -m bench.load [--readers 16] [--seconds 30] [--articles 40] [--json]

Builds a store of invented articles, starts ``storyline serve`` (uvicorn, a real
subprocess) on 127.0.0.1 with a write token, then runs ``--readers`` threads
that each loop over the read API and the web UI with httpx for ``--seconds``
while one writer POSTs new articles to ``/api/v1/ingest?analyze=true`` (the
whole analysis reruns and is saved while the readers read). Printed: requests,
errors (goal 0), p50/p99/max latency, requests/s, and the ingest's own time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from bench.fuzz_inputs import body, good_title

TOKEN = "bench-load-token"


def corpus(folder: Path, n: int, offset: int, seed: int) -> Path:
    """A JSONL of ``n`` invented articles about a handful of events."""
    rng = random.Random(seed)
    lines = []
    for i in range(offset, offset + n):
        lines.append(
            json.dumps(
                {
                    "id": f"load-{i}",
                    "url": f"https://load{i % 7}.example/{i}",
                    "outlet": f"Outlet {i % 7}",
                    "title": good_title(i),
                    "published": f"2026-06-{1 + i % 28:02d}",
                    "language": "en",
                    "text": body(rng, 4),
                }
            )
        )
    path = folder / f"batch-{offset}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


class Readers:
    """Reader threads hitting a mix of API and UI pages until told to stop."""

    def __init__(self, base: str, n: int, article_ids: list[str], story_ids: list[str]) -> None:
        self.base, self.n = base, n
        self.paths = [
            "/api/v1/stories",
            "/api/v1/articles?limit=20",
            "/api/v1/articles?q=harbour",
            "/",
            "/search?q=ferry",
            "/api/v1/claims",
            "/api/v1/health",
        ]
        self.paths += [f"/api/v1/articles/{a}" for a in article_ids[:10]] + [
            f"/articles/{a}" for a in article_ids[:5]
        ]
        self.paths += [f"/stories/{s}" for s in story_ids[:5]] + [
            f"/api/v1/stories/{s}" for s in story_ids[:5]
        ]
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def _loop(self, seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=self.base, timeout=60) as client:
            while not self.stop.is_set():
                path = rng.choice(self.paths)
                started = time.perf_counter()
                try:
                    r = client.get(path)
                    ok = r.status_code == 200
                    why = f"{r.status_code} {path}"
                except httpx.HTTPError as exc:
                    ok, why = False, f"{type(exc).__name__} {path}"
                elapsed = time.perf_counter() - started
                with self.lock:
                    self.latencies.append(elapsed)
                    if not ok:
                        self.errors.append(why)

    def start(self) -> list[threading.Thread]:
        threads = [threading.Thread(target=self._loop, args=(i,), daemon=True) for i in range(self.n)]
        for t in threads:
            t.start()
        return threads


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--readers", type=int, default=16)
    parser.add_argument(
        "--seconds", type=float, default=30.0, help="how long the readers read (at least the ingest)"
    )
    parser.add_argument(
        "--articles", type=int, default=40, help="articles in the store before, and posted during"
    )
    parser.add_argument("--json", action="store_true")
    args, _ = parser.parse_known_args()
    from storyline.config import Config
    from storyline.pipeline import analyze_articles, ingest
    from storyline.store import Store

    with tempfile.TemporaryDirectory(prefix="storyline-load-") as tmp:
        folder = Path(tmp)
        db = str(folder / "load.db")
        cfg = Config(db=db, embedder="hashing")
        with Store(db) as store:
            ingest([str(corpus(folder, args.articles, 0, 1))], store, cfg)
            store.save_analysis(analyze_articles(store.articles(), cfg, store=store))
        port = free_port()
        env = {**os.environ, "STORYLINE_TOKEN": TOKEN, "STORYLINE_EMBEDDER": "hashing"}
        server = subprocess.Popen(
            [sys.executable, "-m", "storyline.cli.main", "serve", "--db", db, "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(base + "/api/v1/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(
                        "the server did not start: "
                        + (
                            server.stderr.read().decode()[-500:]
                            if server.stderr and server.poll() is not None
                            else ""
                        )
                    )
                time.sleep(0.2)
            article_ids = [a["id"] for a in httpx.get(base + "/api/v1/articles?limit=50").json()["items"]]
            story_ids = [s["id"] for s in httpx.get(base + "/api/v1/stories").json()["items"]]
            readers = Readers(base, args.readers, article_ids, story_ids)
            started = time.perf_counter()
            threads = readers.start()
            batch = corpus(folder, args.articles, args.articles, 2)
            t0 = time.perf_counter()
            write = httpx.post(
                base + "/api/v1/ingest?analyze=true",
                headers={"Authorization": f"Bearer {TOKEN}"},
                files={"files": (batch.name, batch.read_bytes(), "application/x-ndjson")},
                timeout=600,
            )
            ingest_s = time.perf_counter() - t0
            left = args.seconds - (time.perf_counter() - started)
            if left > 0:
                time.sleep(left)
            readers.stop.set()
            for t in threads:
                t.join(timeout=120)
            wall = time.perf_counter() - started
            after = httpx.get(base + "/api/v1/articles?limit=1").json()["total"]
        finally:
            server.terminate()
            server.wait(timeout=30)
    lat = readers.latencies
    written = write.json() if write.status_code == 200 else {}
    result: dict[str, Any] = {
        "readers": args.readers,
        "requests": len(lat),
        "errors": len(readers.errors),
        "p50 ms": round(1000 * percentile(lat, 0.50), 1),
        "p99 ms": round(1000 * percentile(lat, 0.99), 1),
        "max ms": round(1000 * max(lat), 1) if lat else None,
        "requests/s": round(len(lat) / wall, 1),
        "ingest status": write.status_code,
        "ingest+analyze s": round(ingest_s, 1),
        "articles added": len(written.get("added", [])),
        "articles before/after": f"{args.articles}/{after}",
        "wall s": round(wall, 1),
        "first errors": readers.errors[:5],
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"bench.load — {args.readers} concurrent readers on loopback while POST /api/v1/ingest?analyze=true "
            f"adds {args.articles} articles to a store of {args.articles}"
        )
        for key, value in result.items():
            print(f"  {key:<24} {value}")
    ok = not readers.errors and write.status_code == 200 and after == 2 * args.articles
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
