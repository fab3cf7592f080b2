"""The cluster stage reads the stream once, a chunk at a time, and keeps no article text (issue #8).

Real stages, real store, the bundled sample corpus, the hashing embedder: the
stage over the store's chunked stream gives the stories and storylines of the
stage over a list, and of the whole-list functions it is built from
(cluster_articles, build_stories, link_storylines); once the stream is read,
none of its articles is still alive.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from storyline.cluster import stage
from storyline.cluster.storylines import link_storylines
from storyline.config import load_config
from storyline.dedup import run as dedup
from storyline.embed import get_embedder
from storyline.pipeline import StageContext, ingest
from storyline.records import Analysis, Article
from storyline.store import Store
from storyline.window import StoredStream

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "corpus"
CHUNK = 4  # small, so that the sample corpus spans several chunks


@pytest.fixture()
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stage, "STAGE_CHUNK", CHUNK)


@pytest.fixture()
def sample(tmp_path: Path) -> Iterator[tuple[Any, Store]]:
    cfg = load_config(env={}, db=str(tmp_path / "m.db"), embedder="hashing")
    with Store(cfg.db) as store:
        assert ingest([str(CORPUS)], store, cfg).added
        yield cfg, store


def whole_list(articles: list[Article], cfg: Any, prior: Analysis) -> Analysis:
    """The stage as it was before issue #8: every article held, the whole-list functions."""
    cparams, sparams, lead = stage.read_options(cfg.stage("cluster"))
    if get_embedder(cfg).name == "hashing":
        cparams = replace(cparams, join=stage.HASHING_JOIN, merge=stage.HASHING_JOIN)
    vectors = stage.story_vectors(articles, None, cfg)
    groups, _ = stage.cluster_articles(articles, vectors, cparams, prior.duplicate_of, lead)
    stories = stage.build_stories(articles, groups, vectors)
    stories, lines = link_storylines(articles, stories, groups, vectors, sparams)
    return replace(prior, stories=tuple(stories), storylines=tuple(lines))


def test_the_stored_stream_gives_what_a_list_and_the_whole_list_functions_give(small_chunks, sample):
    cfg, store = sample
    stream = StoredStream(store, chunk=3)
    articles = list(stream)
    assert len(articles) > 3 * CHUNK
    prior = dedup(StageContext(articles=tuple(articles), config=cfg, store=store), Analysis())
    assert prior.duplicate_of  # the sample has a repost: a copy joins its original's story

    from_store = stage.run(StageContext(articles=stream, config=cfg, store=store), prior)  # type: ignore[arg-type]
    from_list = stage.run(StageContext(articles=tuple(articles), config=cfg, store=None), prior)
    want = whole_list(articles, cfg, prior)
    assert from_store.stories and from_store.storylines
    assert any(len(s.article_ids) > 1 for s in from_store.stories)
    assert (from_store.stories, from_store.storylines) == (want.stories, want.storylines)
    assert (from_list.stories, from_list.storylines) == (want.stories, want.storylines)
    # a rerun reads the chunks' vectors and words from the store's cache: the same again
    again = stage.run(StageContext(articles=stream, config=cfg, store=store), prior)  # type: ignore[arg-type]
    assert (again.stories, again.storylines) == (want.stories, want.storylines)


def test_the_stage_reads_the_stream_once_and_holds_no_article_after_it(small_chunks, sample, monkeypatch):
    cfg, store = sample
    base = list(StoredStream(store))
    tail = " Harbour cranes stood still all week." * 400  # bodies far longer than any lead the stage reads
    mark = "-long"
    passes: list[int] = []

    def long_articles() -> Iterator[Article]:
        passes.append(1)
        for a in base:
            yield replace(a, id=a.id + mark, text=a.text + tail, original_text=a.text + tail)

    alive: dict[str, int] = {}

    def counted(name: str, fn: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            gc.collect()
            alive[name] = sum(1 for o in gc.get_objects() if type(o) is Article and o.id.endswith(mark))
            return fn(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(stage, "build_stories", counted("build_stories", stage.build_stories))
    monkeypatch.setattr(stage, "link_storylines", counted("link_storylines", stage.link_storylines))

    class Once:
        """An iterable that can be read only once (a second pass would see nothing)."""

        def __init__(self) -> None:
            self.it = long_articles()

        def __iter__(self) -> Iterator[Article]:
            return self.it

    got = stage.run(StageContext(articles=Once(), config=cfg, store=None), Analysis())  # type: ignore[arg-type]
    assert passes == [1]
    assert alive == {"build_stories": 0, "link_storylines": 0}, alive
    want = whole_list(list(long_articles()), cfg, Analysis())
    assert (got.stories, got.storylines) == (want.stories, want.storylines)
    assert sum(len(s.article_ids) for s in got.stories) == len(base)
