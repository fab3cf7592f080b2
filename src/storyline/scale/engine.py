"""The Ray engine: per-article features as Ray Data batch transforms, then the local stages.

1. The driver asks its cache (the store, or memory) which articles lack which
   per-article features (:mod:`storyline.scale.features`).
2. Ray Data maps batches of those articles through :class:`FeatureWorker`, an
   actor that loads the models once and runs each stage's own cache-filling
   code; it returns the cache rows ``(article_id, kind, version, data)``.
3. The driver streams the rows into its cache as they arrive (bounded memory),
   then runs :func:`storyline.pipeline.analyze_articles` — the same code as the
   local engine — which now finds every feature cached.

Ray starts in local mode (``num_cpus`` from the config, no dashboard, no usage
report) unless ``config.ray_address`` names a cluster to join.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from storyline.config import Config
from storyline.pipeline import STAGES, Progress, analyze_articles
from storyline.records import Analysis, Article, from_dict, to_dict
from storyline.scale.features import MemoryFeatures, compute, missing

BATCH_SIZE = 32  # articles per batch: big enough to amortise E5's batching, small enough to stream
LOCAL_OBJECT_STORE_BYTES = 256 * 1024 * 1024  # rows are small; don't reserve 30% of RAM in /dev/shm

ROW_SCHEMA = pa.schema(
    [("article_id", pa.string()), ("kind", pa.string()), ("version", pa.string()), ("data", pa.binary())]
)


class FeatureWorker:
    """A Ray Data actor: articles in, feature-cache rows out. Models load once per actor."""

    def __init__(self, config: Config) -> None:
        self.config = config

    def __call__(self, batch: dict[str, Any]) -> pa.Table:
        articles = [from_dict(Article, json.loads(s)) for s in batch["article"]]
        needs = [str(n).split(",") for n in batch["need"]]
        cache = compute(articles, needs, self.config)
        cols: dict[str, list[Any]] = {"article_id": [], "kind": [], "version": [], "data": []}
        for aid, kind, version, data in cache.rows():
            cols["article_id"].append(aid)
            cols["kind"].append(kind)
            cols["version"].append(version)
            cols["data"].append(data)
        return pa.table(cols, schema=ROW_SCHEMA)


def start_ray(ray: Any, config: Config) -> bool:
    """Join ``config.ray_address`` or start Ray in local mode; True when this call started it."""
    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    logging.getLogger("ray").setLevel(logging.WARNING)
    quiet = {"log_to_driver": False, "configure_logging": False}
    if config.ray_address:
        ray.init(address=config.ray_address, **quiet)
    else:
        ray.init(
            num_cpus=config.ray_cpus or os.cpu_count() or 1,
            include_dashboard=False,
            object_store_memory=LOCAL_OBJECT_STORE_BYTES,
            **quiet,
        )
    return True


def precompute_features(
    articles: Sequence[Article],
    config: Config,
    cache: Any,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Compute on Ray the per-article features ``cache`` lacks and write them into it; returns rows written."""
    import ray
    from ray.data import DataContext

    DataContext.get_current().enable_progress_bars = False  # the CLI draws its own progress
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    need = missing(articles, config, cache)
    todo = [a for a in articles if a.id in need]
    if not todo:
        return 0
    items = [
        {"article": json.dumps(to_dict(a), ensure_ascii=False), "need": ",".join(need[a.id])} for a in todo
    ]
    workers = max(1, min(int(ray.cluster_resources().get("CPU", 1)), -(-len(todo) // batch_size)))
    ds = ray.data.from_items(items, override_num_blocks=max(1, -(-len(todo) // batch_size)))
    out = ds.map_batches(
        FeatureWorker,
        fn_constructor_kwargs={"config": config},
        batch_size=batch_size,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=1,
    )
    written = 0
    done: set[str] = set()
    for table in out.iter_batches(batch_format="pyarrow", batch_size=None):
        rows = pa.table(table).to_pydict()  # already a pyarrow Table; pa.table() is a no-op that types it
        groups: dict[tuple[str, str], list[tuple[str, bytes]]] = {}
        for aid, kind, version, data in zip(
            rows["article_id"], rows["kind"], rows["version"], rows["data"], strict=True
        ):
            groups.setdefault((kind, version), []).append((aid, data))
            done.add(aid)
        for (kind, version), pairs in groups.items():
            cache.put_features(kind, version, pairs)
            written += len(pairs)
        if progress is not None:
            progress("features", len(done), len(todo))
    return written


def analyze_with_ray(
    articles: Sequence[Article],
    config: Config,
    store: Any = None,
    progress: Progress | None = None,
    stages: Sequence[tuple[str, str]] = STAGES,
) -> Analysis:
    """Same result as :func:`storyline.pipeline.analyze_articles`, with the per-article work on Ray."""
    import ray

    cache = store if store is not None else MemoryFeatures()
    started = start_ray(ray, config)
    try:
        precompute_features(articles, config, cache, progress)
    finally:
        if started:
            ray.shutdown()
    return analyze_articles(articles, config, store=cache, progress=progress, stages=stages)


__all__ = ["FeatureWorker", "analyze_with_ray", "precompute_features", "start_ray"]
