"""The local engine's worker processes: per-article features on every core of this machine.

Most per-article work is single-threaded Python (the extract stage's spaCy
parse and rules, MinHash signatures), so one process uses one core. Before the
corpus stages run, :func:`precompute_features` sends the articles whose
features the store lacks to a pool of worker processes, each running the
stages' *own* cache-filling code (:mod:`storyline.scale.features`, as the Ray
engine's workers do) on batches of articles, and writes the rows they return
into the store. The stages then find every feature cached, so the analysis is
the one a single process gives.

Why processes and not threads: the work holds the GIL. Why ``spawn``: the
parent may already run OpenMP threads (E5) and hold a SQLite connection, which
a forked child must not inherit. Each worker loads its models once (spaCy, E5:
a few seconds), so small batches stay in this process (:data:`MIN_ARTICLES`).
Each worker runs E5 on one thread: the workers are the parallelism.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from storyline.config import Config
from storyline.pipeline import Progress
from storyline.records import Article
from storyline.scale.features import FEATURES, FeatureSpec, compute, missing

CHUNK = 16  # articles per task: E5's batch, and small enough to keep both workers busy to the end
WAVE = 32  # jobs per worker handed to the pool at a time (at a wave's end one worker may wait: ~1-2%)
MIN_ARTICLES = 300  # fewer articles to fill: two workers starting (imports, spaCy, E5: ~5-7 CPU s each) cost more than they save

_CONFIG: Config | None = None


def workers_for(config: Config, todo: int) -> int:
    """How many worker processes ``todo`` articles get: ``config.procs`` (0: one per core), one per chunk at most."""
    procs = config.procs or os.cpu_count() or 1
    return max(1, min(procs, -(-todo // CHUNK)))


def _start(config: Config) -> None:
    global _CONFIG
    os.environ["OMP_NUM_THREADS"] = "1"  # read when E5 first runs, in this worker
    _CONFIG = config


def _fill(job: tuple[list[Article], list[list[str]], list[str]]) -> list[tuple[str, str, str, bytes]]:
    articles, needs, names = job
    assert _CONFIG is not None, "worker not started"
    specs = [s for s in FEATURES if s.name in names]
    return list(compute(articles, needs, _CONFIG, specs).rows())


def _waves(items: Iterator[Any], n: int) -> Iterator[list[Any]]:
    while wave := list(islice(items, n)):
        yield wave


def _specs(skip: Iterable[str]) -> list[FeatureSpec]:
    skipped = set(skip)
    return [s for s in FEATURES if s.stage not in skipped]


def precompute_features(
    articles: Iterable[Article],
    config: Config,
    store: Any,
    progress: Progress | None = None,
    skip: Iterable[str] = (),
    min_articles: int = MIN_ARTICLES,
) -> int:
    """Fill, in worker processes, the features ``store`` lacks; returns the rows written.

    Does nothing (returns 0) without a store, with one worker, or with fewer than
    ``min_articles`` articles to fill: the stages then compute in this process.
    """
    if store is None:
        return 0
    specs = _specs(skip)
    need = missing(articles, config, store, specs)
    procs = workers_for(config, len(need))
    if procs < 2 or len(need) < max(min_articles, 1):
        return 0
    names = [s.name for s in specs]

    def jobs() -> Iterator[tuple[list[Article], list[list[str]], list[str]]]:
        # a second pass over ``articles`` (which may read them from the store), a chunk at a time
        chunk: list[Article] = []
        for art in articles:
            if art.id in need:
                chunk.append(art)
                if len(chunk) == CHUNK:
                    yield chunk, [need[a.id] for a in chunk], names
                    chunk = []
        if chunk:
            yield chunk, [need[a.id] for a in chunk], names

    written = done = 0
    if progress is not None:
        progress("features", 0, len(need))
    with mp.get_context("spawn").Pool(procs, initializer=_start, initargs=(config,)) as pool:
        # Pool.imap queues every job it is given at once: handing it a few per worker at a time keeps
        # only those articles in memory (a first run over a store would otherwise hold them all)
        for wave in _waves(jobs(), WAVE * procs):
            for job, rows in zip(wave, pool.imap(_fill, wave), strict=True):
                groups: dict[tuple[str, str], list[tuple[str, bytes]]] = {}
                for aid, kind, version, data in rows:
                    groups.setdefault((kind, version), []).append((aid, data))
                for (kind, version), pairs in groups.items():
                    store.put_features(kind, version, pairs)
                    written += len(pairs)
                done += len(job[0])
                if progress is not None:
                    progress("features", done, len(need))
    return written


__all__ = ["CHUNK", "MIN_ARTICLES", "precompute_features", "workers_for"]
