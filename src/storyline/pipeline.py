"""The ordered list of stages and the two jobs that run them: ingest and analyze.

Per-article work (parse, clean) happens at ingest and is stored; corpus
stages then run in order over all stored articles in stream order. A corpus
stage is a function ``run(ctx: StageContext, prior: Analysis) -> Analysis``
that returns a new :class:`~storyline.records.Analysis` with its own fields
filled. Stages are looked up lazily by dotted name so that ``--help`` stays
fast and a Ray worker imports only what it runs.
"""

from __future__ import annotations

import importlib
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from storyline.config import Config
from storyline.errors import InputError, StorylineError
from storyline.records import Analysis, Article, Failure, RawDocument

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class StageContext:
    """What a corpus stage may read: the articles (stream order), config, store."""

    articles: tuple[Article, ...]
    config: Config
    store: Any = None  # storyline.store.Store or None (then nothing is cached)
    progress: Progress | None = None
    # word counts of the whole corpus, when ``articles`` is one batch of it (storyline.window);
    # None: the articles are the whole corpus
    corpus_words: Counter[str] | None = None

    def tick(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(stage, done, total)


class Stage(Protocol):
    def __call__(self, ctx: StageContext, prior: Analysis) -> Analysis: ...


# Pipeline order. Each entry: (name, "module:function").
STAGES: tuple[tuple[str, str], ...] = (
    ("dedup", "storyline.dedup:run"),
    ("cluster", "storyline.cluster:run"),
    ("extract", "storyline.extract:run"),
    ("provenance", "storyline.provenance:run"),
    ("compare", "storyline.compare:run"),
    ("brief", "storyline.brief:run"),
)


def load_stage(spec: str) -> Stage:
    module, _, func = spec.partition(":")
    return getattr(importlib.import_module(module), func)  # type: ignore[no-any-return]


def _stream_positions(dates: Iterable[str | None]) -> list[int]:
    """Positions (in ingestion order) of the items whose publication dates are ``dates``, in stream order."""
    keyed = []
    last = ""
    for seq, published in enumerate(dates):
        if published:
            last = published
        keyed.append((published or last, seq))
    keyed.sort()
    return [seq for _, seq in keyed]


def stream_order(articles: Iterable[Article]) -> tuple[Article, ...]:
    """Articles in the order a live stream would deliver them.

    Dated articles by publication time; an undated article keeps its place
    after the dated article ingested just before it (it arrived "then").
    Ties keep ingestion order, so the result is deterministic.
    """
    arts = list(articles)
    return tuple(arts[i] for i in _stream_positions(a.published for a in arts))


def iter_stream_order(store: Any, chunk: int = 1000) -> Iterator[Article]:
    """The store's articles in :func:`stream_order`, read ``chunk`` at a time.

    Only the (seq, date) pairs are held for the whole store, never all the
    texts: for stages that can read the stream once (dedup), and for benchmarks.
    """
    seqs, dates = [], []
    for seq, published in store.article_dates():
        seqs.append(seq)
        dates.append(published)
    order = [seqs[i] for i in _stream_positions(dates)]
    del seqs, dates
    for i in range(0, len(order), chunk):
        yield from store.articles_by_seq(order[i : i + chunk])


def analyze_articles(
    articles: Sequence[Article],
    config: Config,
    store: Any = None,
    progress: Progress | None = None,
    stages: Sequence[tuple[str, str]] = STAGES,
    skip: Iterable[str] = (),
) -> Analysis:
    """Run the corpus stages over ``articles`` and return the analysis.

    With a store and ``config.procs`` other than 1, the per-article features the
    store lacks are first computed in worker processes (:mod:`storyline.scale.local`);
    the stages then find them cached.
    """
    ctx = StageContext(articles=stream_order(articles), config=config, store=store, progress=progress)
    analysis = Analysis()
    skipped = set(skip) | {s for s in os.environ.get("STORYLINE_SKIP_STAGES", "").split(",") if s}
    if store is not None and config.procs != 1:
        from storyline.scale.local import precompute_features

        precompute_features(ctx.articles, config, store, progress, skip=skipped)
    for name, spec in stages:
        if name in skipped:
            continue
        analysis = load_stage(spec)(ctx, analysis)
    return analysis


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    skipped_sources: list[str] = field(default_factory=list)  # unchanged files already ingested
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.added or self.existing or self.skipped_sources)


def ingest(
    paths: Sequence[str],
    store: Any,
    config: Config,
    on_failure: Callable[[Failure], None] | None = None,
    on_article: Callable[[str, Article], None] | None = None,
) -> IngestReport:
    """Parse, clean and store every input; one failure never stops the batch."""
    from storyline.clean import Cleaner
    from storyline.ingest import iter_documents

    report = IngestReport()
    cleaner = Cleaner(config)

    def fail(f: Failure) -> None:
        report.failures.append(f)
        store.add_failure(f)
        if on_failure is not None:
            on_failure(f)

    for item in iter_documents(paths, config, store=store):
        if isinstance(item, Failure):
            fail(item)
            continue
        if isinstance(item, str):  # a source skipped because it was already ingested unchanged
            report.skipped_sources.append(item)
            continue
        raw: RawDocument = item
        try:
            article = cleaner.clean(raw)
            status, stored = store.add_article(article)
        except InputError as exc:
            fail(Failure(source=exc.source, code=exc.code, reason=exc.reason, stage="clean"))
            continue
        except StorylineError as exc:
            fail(Failure(source=raw.source, code="error", reason=str(exc), stage="clean"))
            continue
        (report.added if status == "added" else report.existing).append(stored.id)
        if on_article is not None:
            on_article(status, stored)
    return report
