"""Analyze a store in windows: memory follows a batch of storylines, not the stream.

:func:`storyline.pipeline.analyze_articles` keeps every article and the whole
:class:`~storyline.records.Analysis` until the end. :func:`analyze_store` runs the
same stages, split in two:

1. the *stream* stages (dedup, cluster) over the whole stream, as before: they
   decide which articles belong together, and their own state is bounded by the
   live window (the stream clusterer) or by ids;
2. the *story* stages (extract, provenance, compare, brief) on one batch at a
   time: whole storylines (a story outside any storyline counts as one), taken
   in the order of their first article until the batch holds about
   ``config.window`` articles. The batch's articles are read back from the
   store, its results are appended to the store (:class:`~storyline.store.sqlite.AnalysisWriter`)
   and dropped before the next batch is read.

Every story stage works story by story (compare: storyline by storyline), so a
batch of whole storylines gives the records a whole run would. Two things are
corpus-wide and are handed to each batch: the word counts framing is measured
against (``StageContext.corpus_words``) and the stream order. What differs is
the order of the records in the store (batch after batch), and the lists of
the stages' extras are concatenated batch after batch.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from storyline.config import Config
from storyline.pipeline import STAGES, Progress, StageContext, analyze_articles, load_stage, stream_order
from storyline.records import Story, Storyline

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
        have = out.get(key)
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


def analyze_store(
    store: Any,
    config: Config,
    progress: Progress | None = None,
    stages: Sequence[tuple[str, str]] = STAGES,
    skip: Iterable[str] = (),
) -> dict[str, int]:
    """Run the stages over every article in ``store`` and save the analysis there.

    With ``config.window`` 0, or a store of at most that many articles, this is
    :func:`~storyline.pipeline.analyze_articles` followed by ``save_analysis``.
    Returns the number of records saved per result list (and of batches run).
    """
    skipped = set(skip) | {s for s in os.environ.get("STORYLINE_SKIP_STAGES", "").split(",") if s}
    articles = stream_order(store.iter_articles())
    writer = store.analysis_writer()
    # without the cluster stage there are no stories to batch by
    if not config.window or len(articles) <= config.window or "cluster" in skipped:
        analysis = analyze_articles(
            articles, config, store=store, progress=progress, stages=stages, skip=skipped
        )
        writer.add(analysis)
        writer.finish(analysis.duplicate_of, analysis.cites, analysis.extras)
        return {**writer.counts, "batches": 1}

    head, tail = _split([s for s in stages if s[0] not in skipped])
    # the per-article features (embeddings, extraction, ...) in worker processes, as analyze_articles does
    analysis = analyze_articles(articles, config, store=store, progress=progress, stages=head, skip=skipped)
    order = {a.id: i for i, a in enumerate(articles)}
    words = None
    if any(name == "compare" for name, _ in tail):
        from storyline.compare import corpus_words

        words = corpus_words(articles)
    del articles  # from here on a batch's articles are read back from the store

    cites: dict[str, Any] = {}
    extras = dict(analysis.extras)
    batches = 0
    for stories, lines in story_batches(analysis.stories, analysis.storylines, config.window):
        ids = sorted((a for s in stories for a in s.article_ids), key=order.__getitem__)
        members = set(ids)
        part = replace(
            analysis,
            duplicate_of={k: v for k, v in analysis.duplicate_of.items() if k in members},
            provenance=tuple(e for e in analysis.provenance if e.article_id in members),
            stories=stories,
            storylines=lines,
            cites={},
        )
        ctx = StageContext(
            articles=tuple(store.articles_by_id(ids)),
            config=config,
            store=store,
            progress=progress,
            corpus_words=words,
        )
        for _name, spec in tail:
            part = load_stage(spec)(ctx, part)
        writer.add(part)
        cites.update(part.cites)
        extras = merge_extras(
            extras, {k: v for k, v in part.extras.items() if analysis.extras.get(k) is not v}
        )
        batches += 1
        log.info("batch %d: %d stories, %d articles", batches, len(stories), len(ids))
    writer.finish(analysis.duplicate_of, cites, extras)
    return {**writer.counts, "batches": batches}
