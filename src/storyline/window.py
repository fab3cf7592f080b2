"""Analyze a store in windows: memory follows a batch of storylines, not the stream.

:func:`storyline.pipeline.analyze_articles` keeps every article and the whole
:class:`~storyline.records.Analysis` until the end. :func:`analyze_store` runs the
same stages, split in two:

1. the *stream* stages (dedup, cluster) over the whole stream: they decide which
   articles belong together. They read it from the store a chunk at a time
   (:class:`StoredStream`); dedup keeps a live window, and the cluster stage
   keeps of each article a head (id, title, date, language), its names and its
   embedding, and the stories and storylines as ids;
2. the *story* stages (extract, provenance, compare, brief) on one batch at a
   time: whole storylines (a story outside any storyline counts as one), taken
   in the order of their first article until the batch holds about
   ``config.window`` articles. The batch's articles are read back from the
   store, its results are appended to the store (:class:`~storyline.store.sqlite.AnalysisWriter`)
   and dropped before the next batch is read.

With two or more worker processes (``config.procs``, default one per core) and
at least :data:`PARALLEL_MIN` articles, the batches are made smaller (about two
per worker) and run in spawned workers, each reading and caching through its own
connection to the store; this process saves the parts in batch order. That is
where the local engine's second core goes after the per-article features.

Every story stage works story by story (compare: storyline by storyline), so a
batch of whole storylines gives the records a whole run would. Two things are
corpus-wide and are handed to each batch: the word counts framing is measured
against (``StageContext.corpus_words``) and the stream order. What differs is
the order of the records in the store (batch after batch), and the lists of
the stages' extras are concatenated batch after batch.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from storyline.config import Config
from storyline.pipeline import STAGES, Progress, StageContext, analyze_articles, iter_stream_order, load_stage
from storyline.records import Analysis, Article, Story, Storyline

log = logging.getLogger("storyline.window")

STREAM_STAGES = ("dedup", "cluster")  # run over the whole stream; the stages after them run per batch


def story_batches(
    stories: Sequence[Story], storylines: Sequence[Storyline], window: int
) -> Iterator[tuple[tuple[Story, ...], tuple[Storyline, ...]]]:
    """Batches of whole storylines (a story outside every storyline on its own) of about ``window`` articles.

    Units are taken in the order of the stories (the clusterer's: by first
    article); a batch closes once it holds ``window`` articles or more, so a
    storyline larger than the window is a batch of its own. Within a batch the
    stories keep their order in ``stories``.
    """
    line_of = {sid: line for line in storylines for sid in line.story_ids}
    place = {s.id: i for i, s in enumerate(stories)}
    by_id = {s.id: s for s in stories}
    seen_lines: set[str] = set()
    batch: list[Story] = []
    lines: list[Storyline] = []
    size = 0
    for story in stories:
        line = line_of.get(story.id)
        if line is None:
            unit = [story]
        elif line.id in seen_lines:
            continue
        else:
            seen_lines.add(line.id)
            lines.append(line)
            unit = [by_id[sid] for sid in line.story_ids if sid in by_id]
        batch.extend(unit)
        size += sum(len(s.article_ids) for s in unit)
        if window and size >= window:
            yield tuple(sorted(batch, key=lambda s: place[s.id])), tuple(lines)
            batch, lines, size = [], [], 0
    if batch:
        yield tuple(sorted(batch, key=lambda s: place[s.id])), tuple(lines)


def _addable(value: Any) -> bool:
    return isinstance(value, (list, int, float)) and not isinstance(value, bool)


def merge_extras(into: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    """A batch's extras added to the run's: lists concatenated, tables merged key by key, counts summed."""
    out = dict(into)
    for key, value in part.items():
        have: Any = out.get(key)
        if isinstance(have, dict) and isinstance(value, dict):
            out[key] = merge_extras(have, value)
        elif _addable(have) and type(have) is type(value):
            out[key] = have + value
        else:
            out[key] = value
    return out


def _split(stages: Sequence[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    head = [s for s in stages if s[0] in STREAM_STAGES]
    tail = [s for s in stages if s[0] not in STREAM_STAGES]
    names = [name for name, _ in stages]
    if head and tail and max(names.index(n) for n, _ in head) > min(names.index(n) for n, _ in tail):
        raise ValueError(f"the stream stages {STREAM_STAGES} must come before the others: {names}")
    return head, tail


class StoredStream:
    """The store's articles in stream order, read a chunk at a time on every pass (never all held).

    What the stream stages are given instead of a tuple: they read the stream
    once (dedup) or keep only what they need of each article (cluster: title and
    lead); ``len`` is the store's count.
    """

    def __init__(self, store: Any, chunk: int = 1000) -> None:
        self.store = store
        self.chunk = chunk
        self._n = store.count_articles()

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[Article]:
        return iter_stream_order(self.store, self.chunk)


PARALLEL_MIN = (
    1000  # fewer articles: two workers starting (imports, spaCy: ~5-7 CPU s each) cost more than they save
)


@dataclass(frozen=True)
class Batch:
    """One batch of the story stages: its articles' ids (stream order) and the stream stages' records for them."""

    ids: tuple[str, ...]
    prior: Analysis


def make_batches(analysis: Analysis, order: dict[str, int], window: int) -> list[Batch]:
    """The stream stages' ``analysis`` cut into batches of whole storylines (:func:`story_batches`)."""
    out = []
    for stories, lines in story_batches(analysis.stories, analysis.storylines, window):
        ids = tuple(sorted((a for s in stories for a in s.article_ids), key=order.__getitem__))
        members = set(ids)
        prior = replace(
            analysis,
            duplicate_of={k: v for k, v in analysis.duplicate_of.items() if k in members},
            provenance=tuple(e for e in analysis.provenance if e.article_id in members),
            stories=stories,
            storylines=lines,
            cites={},
        )
        out.append(Batch(ids, prior))
    return out


def run_batch(
    batch: Batch,
    config: Config,
    store: Any,
    stages: Sequence[tuple[str, str]],
    words: Counter[str] | None,
    progress: Progress | None = None,
) -> Analysis:
    """The story stages over one batch, its articles read from ``store``."""
    ctx = StageContext(
        articles=tuple(store.articles_by_id(batch.ids)),
        config=config,
        store=store,
        progress=progress,
        corpus_words=words,
    )
    part = batch.prior
    for _name, spec in stages:
        part = load_stage(spec)(ctx, part)
    return part


_WORKER: dict[str, Any] = {}


def _worker_start(config: Config, stages: Sequence[tuple[str, str]], words: Counter[str] | None) -> None:
    from storyline.store import Store

    os.environ["OMP_NUM_THREADS"] = "1"
    _WORKER.update(config=config, stages=stages, words=words, store=Store(config.db))


def _worker_run(batch: Batch) -> Analysis:
    w = _WORKER
    return run_batch(batch, w["config"], w["store"], w["stages"], w["words"])


def workers(config: Config, n_articles: int, parallel_min: int = PARALLEL_MIN) -> int:
    """Worker processes for the story stages: ``config.procs`` (0: one per core); 1 below ``parallel_min``
    articles or for an in-memory store (a worker opens the store file itself)."""
    if n_articles < max(parallel_min, 1) or config.db == ":memory:":
        return 1
    return config.procs or os.cpu_count() or 1


def _parts(
    batches: list[Batch],
    config: Config,
    store: Any,
    stages: Sequence[tuple[str, str]],
    words: Counter[str] | None,
    procs: int,
    progress: Progress | None,
) -> Iterator[Analysis]:
    """Each batch's analysis, in batch order: in this process, or from ``procs`` spawned workers."""
    if procs < 2 or len(batches) < 2:
        for batch in batches:
            yield run_batch(batch, config, store, stages, words, progress)
        return
    total, done = sum(len(b.ids) for b in batches), 0
    ctx = mp.get_context("spawn")
    with ctx.Pool(
        min(procs, len(batches)), initializer=_worker_start, initargs=(config, stages, words)
    ) as pool:
        for batch, part in zip(batches, pool.imap(_worker_run, batches), strict=True):
            done += len(batch.ids)
            if progress is not None:
                progress("story stages", done, total)
            yield part


def analyze_store(
    store: Any,
    config: Config,
    progress: Progress | None = None,
    stages: Sequence[tuple[str, str]] = STAGES,
    skip: Iterable[str] = (),
    parallel_min: int = PARALLEL_MIN,
) -> dict[str, int]:
    """Run the stages over every article in ``store`` and save the analysis there.

    The story stages run on batches of whole storylines of at most about
    ``config.window`` articles; with two or more worker processes
    (``config.procs``) and at least ``parallel_min`` articles the batches are
    smaller (about two per worker) and run in the workers, each on its own
    connection to the store, the parts saved in batch order. With ``window`` 0
    and one process, or a store of at most ``window`` articles and one process,
    this is :func:`~storyline.pipeline.analyze_articles` followed by
    ``save_analysis``. Returns the number of records saved per result list, and
    ``batches``.
    """
    skipped = set(skip) | {s for s in os.environ.get("STORYLINE_SKIP_STAGES", "").split(",") if s}
    stream = StoredStream(store)
    writer = store.analysis_writer()
    procs = workers(config, len(stream), parallel_min)
    window = config.window
    if procs > 1:  # about two batches per worker, so that neither waits long for the other at the end
        window = min(window or len(stream), -(-len(stream) // (2 * procs)))
    # without the cluster stage there are no stories to batch by
    if not window or len(stream) <= window or "cluster" in skipped:
        analysis = analyze_articles(
            tuple(stream), config, store=store, progress=progress, stages=stages, skip=skipped
        )
        writer.add(analysis)
        writer.finish(analysis.duplicate_of, analysis.cites, analysis.extras)
        return {**writer.counts, "batches": 1}

    head, tail = _split([s for s in stages if s[0] not in skipped])
    # as analyze_articles does, but the stream stages read the articles a chunk at a time
    if config.procs != 1:  # the per-article features (embeddings, extraction, ...) in worker processes
        from storyline.scale.local import precompute_features

        precompute_features(stream, config, store, progress, skip=skipped)
    ctx = StageContext(articles=stream, config=config, store=store, progress=progress)  # type: ignore[arg-type]
    analysis = Analysis()
    for _name, spec in head:
        analysis = load_stage(spec)(ctx, analysis)
    order: dict[str, int] = {}

    def noted(articles: Iterable[Article]) -> Iterator[Article]:
        for art in articles:
            order[art.id] = len(order)
            yield art

    words = None
    if any(name == "compare" for name, _ in tail):
        from storyline.compare import corpus_words

        words = corpus_words(noted(stream))
    else:
        for _ in noted(stream):
            pass
    batches = make_batches(analysis, order, window)
    order.clear()

    cites: dict[str, Any] = {}
    extras = dict(analysis.extras)
    for i, part in enumerate(_parts(batches, config, store, tail, words, procs, progress)):
        writer.add(part)
        cites.update(part.cites)
        # the story stages' own extras (the stream stages' came with the batch, unchanged)
        extras = merge_extras(extras, {k: v for k, v in part.extras.items() if k not in analysis.extras})
        log.info("batch %d of %d: %d articles", i + 1, len(batches), len(batches[i].ids))
    writer.finish(analysis.duplicate_of, cites, extras)
    return {**writer.counts, "batches": len(batches)}
