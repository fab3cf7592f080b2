"""The local engine's worker processes compute what the stages would, and the analysis is unchanged.

Real worker processes (spawn), the real default embedder (E5) and spaCy, a real store:
the sample corpus analysed in one process and with its per-article features filled by
two workers gives the same analysis, and a rerun sends nothing to the workers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.config import load_config
from storyline.errors import ConfigError
from storyline.pipeline import analyze_articles, ingest
from storyline.scale.features import missing
from storyline.scale.local import CHUNK, precompute_features, workers_for
from storyline.store import Store

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "corpus"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]  # two workers load spaCy and E5


def test_workers_fill_the_features_the_stages_then_use(tmp_path: Path) -> None:
    results = {}
    for procs in (1, 2):
        cfg = load_config(env={}, db=str(tmp_path / f"p{procs}.db"), procs=procs)
        with Store(cfg.db) as store:
            assert ingest([str(CORPUS)], store, cfg).added
            articles = store.articles()
            if procs == 2:
                assert missing(articles, cfg, store)  # nothing cached yet
                written = precompute_features(articles, cfg, store, min_articles=1)
                assert written >= 4 * len(articles)  # embedding, words, signature and extraction of each
                assert missing(articles, cfg, store) == {}
                assert precompute_features(articles, cfg, store, min_articles=1) == 0  # a rerun: none
            results[procs] = analyze_articles(articles, cfg, store=store)
    one, two = results[1], results[2]
    assert len(one.stories) >= 2 and one.claims
    assert [s.article_ids for s in two.stories] == [s.article_ids for s in one.stories]
    assert two == one


def test_small_batches_stay_in_this_process(tmp_path: Path) -> None:
    cfg = load_config(env={}, db=str(tmp_path / "s.db"), procs=2, embedder="hashing")
    with Store(cfg.db) as store:
        ingest([str(CORPUS)], store, cfg)
        assert precompute_features(store.articles(), cfg, store) == 0  # under MIN_ARTICLES
        assert precompute_features(store.articles(), cfg, None, min_articles=1) == 0  # no store


def test_worker_count_and_bad_setting() -> None:
    assert workers_for(load_config(env={}, procs=4), 10 * CHUNK) == 4
    assert workers_for(load_config(env={}, procs=4), CHUNK) == 1  # one chunk, one worker
    assert workers_for(load_config(env={}, procs=0), 100 * CHUNK) >= 1
    with pytest.raises(ConfigError, match="procs"):
        load_config(env={}, procs=-1)
    with pytest.raises(ConfigError, match="procs"):
        load_config(env={"STORYLINE_PROCS": "x"})
