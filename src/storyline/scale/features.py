"""The per-article features a distributed engine precomputes, and an in-memory cache for them.

Why this shape: every corpus stage that does per-article work already caches it
in the store's ``features`` table (``get_features``/``put_features``). If a
worker runs the stage's *own* cache-filling code against a small in-memory
cache, and the driver copies those rows into the real store, the local
pipeline then runs unchanged and finds every feature cached — so the Ray engine
gives the same results as the local one by construction, not by reimplementation.

Each :class:`FeatureSpec` names where its rows live (``kind``, ``version``) and
how to fill them for a batch of articles. Nothing here imports Ray.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from storyline.config import Config
from storyline.records import Analysis, Article


class MemoryFeatures:
    """The feature-cache part of :class:`storyline.store.Store`, held in a dict.

    Used inside a worker (to collect what the stage code writes) and as the
    driver's cache when no store is given.
    """

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str, str], bytes] = {}

    def get_features(self, kind: str, version: str, article_ids: Iterable[str]) -> dict[str, bytes]:
        out = {}
        for aid in article_ids:
            blob = self._rows.get((kind, version, aid))
            if blob is not None:
                out[aid] = blob
        return out

    def have_features(self, kind: str, version: str, article_ids: Iterable[str]) -> set[str]:
        return {aid for aid in article_ids if (kind, version, aid) in self._rows}

    def put_features(self, kind: str, version: str, items: Iterable[tuple[str, bytes]]) -> None:
        for aid, data in items:
            self._rows[(kind, version, aid)] = bytes(data)

    def get_vectors(self, kind: str, version: str, article_ids: Iterable[str]) -> dict[str, np.ndarray]:
        return {
            k: np.frombuffer(v, dtype=np.float32)
            for k, v in self.get_features(kind, version, article_ids).items()
        }

    def put_vectors(self, kind: str, version: str, vectors: dict[str, np.ndarray]) -> None:
        self.put_features(
            kind, version, ((k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items())
        )

    def rows(self) -> Iterator[tuple[str, str, str, bytes]]:
        """Every cached row as ``(article_id, kind, version, data)``."""
        for (kind, version, aid), data in self._rows.items():
            yield aid, kind, version, data

    def __len__(self) -> int:
        return len(self._rows)


@dataclass(frozen=True)
class FeatureSpec:
    """One per-article feature: where the stage caches it and how to compute it for a batch."""

    name: str
    stage: str  # the pipeline stage that reads it (skipping the stage skips the feature)
    key: Callable[[Config], tuple[str, str]]  # (kind, version) in the features table
    fill: Callable[[Sequence[Article], Config, Any], None]  # writes into the cache it is given


def _embed_key(config: Config) -> tuple[str, str]:
    from storyline.cluster.stage import story_vectors_kind
    from storyline.embed import get_embedder

    return story_vectors_kind(config), get_embedder(config).version


def _embed_fill(articles: Sequence[Article], config: Config, cache: Any) -> None:
    from storyline.cluster.stage import story_vectors

    story_vectors(articles, cache, config)


def _words_key(config: Config) -> tuple[str, str]:
    from storyline.cluster.stage import WORDS_KIND, read_options, words_version

    cparams, _, lead = read_options(config.stage("cluster"))
    return WORDS_KIND, words_version(lead, cparams)


def _words_fill(articles: Sequence[Article], config: Config, cache: Any) -> None:
    from storyline.cluster.stage import article_words, read_options

    cparams, _, lead = read_options(config.stage("cluster"))
    for _ in article_words(articles, cache, lead, cparams):  # computes and caches as it goes
        pass


def _minhash_key(config: Config) -> tuple[str, str]:
    from storyline.dedup.stage import read_options

    return "minhash", read_options(config.stage("dedup")).version


def _minhash_fill(articles: Sequence[Article], config: Config, cache: Any) -> None:
    from storyline.dedup.minhash import signatures
    from storyline.dedup.stage import read_options

    signatures(articles, cache, read_options(config.stage("dedup")))


def _extract_key(config: Config) -> tuple[str, str]:
    from storyline.extract.stage import CACHE_KIND, cache_version

    return CACHE_KIND, cache_version()


def _extract_fill(articles: Sequence[Article], config: Config, cache: Any) -> None:
    # The stage itself, on this batch: it extracts what is not cached and writes it to ``cache``.
    from storyline.extract.stage import run
    from storyline.pipeline import StageContext

    run(StageContext(articles=tuple(articles), config=config, store=cache), Analysis())


FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec("embed", "cluster", _embed_key, _embed_fill),
    FeatureSpec("words", "cluster", _words_key, _words_fill),
    FeatureSpec("minhash", "dedup", _minhash_key, _minhash_fill),
    FeatureSpec("extract", "extract", _extract_key, _extract_fill),
)


def missing(
    articles: Iterable[Article], config: Config, cache: Any, specs: Sequence[FeatureSpec] = FEATURES
) -> dict[str, list[str]]:
    """Per article id, the names of the features ``cache`` lacks (articles with none missing are absent)."""
    ids = [a.id for a in articles]
    need: dict[str, list[str]] = {}
    for spec in specs:
        kind, version = spec.key(config)
        have = cache.have_features(kind, version, ids) if cache is not None else set()
        for aid in ids:
            if aid not in have:
                need.setdefault(aid, []).append(spec.name)
    return need


def compute(
    articles: Sequence[Article],
    needs: Sequence[Sequence[str]],
    config: Config,
    specs: Sequence[FeatureSpec] = FEATURES,
) -> MemoryFeatures:
    """Fill the features each article needs (``needs[i]`` for ``articles[i]``) into a fresh cache."""
    cache = MemoryFeatures()
    for spec in specs:
        batch = [a for a, need in zip(articles, needs, strict=True) if spec.name in need]
        if batch:
            spec.fill(batch, config, cache)
    return cache


__all__ = ["FEATURES", "FeatureSpec", "MemoryFeatures", "compute", "missing"]
