"""The ``brief`` stage: one briefing per story and one per storyline.

Fills ``Analysis.briefings`` (story briefings in story order, then storyline
briefings) and ``extras["brief"]`` (what the support gate showed and dropped,
see :class:`storyline.brief.compose.Tally`). A story or storyline with nothing
supported to say gets no briefing, nor does a storyline of one story (it would
repeat the story's). Options: ``[stages.brief]`` in
storyline.toml (see :data:`storyline.brief.context.DEFAULTS`).
"""

from __future__ import annotations

import dataclasses
import logging

from storyline.brief.compose import Tally, story_briefing, storyline_briefing
from storyline.brief.context import BriefContext, options
from storyline.pipeline import StageContext
from storyline.records import Analysis, Briefing, Story

log = logging.getLogger("storyline.brief")


def _previous(prior: Analysis) -> dict[str, str]:
    """Story id -> the story before it in its storyline."""
    prev: dict[str, str] = {}
    for line in prior.storylines:
        for before, after in zip(line.story_ids, line.story_ids[1:], strict=False):
            prev[after] = before
    return prev


def run(ctx: StageContext, prior: Analysis) -> Analysis:
    """Build the briefings; see the module docstring."""
    opts = options(ctx.config.stage("brief"))
    tally = Tally()
    briefings: list[Briefing] = []
    if prior.stories:
        bctx = BriefContext(
            prior, {a.id: a for a in ctx.articles}, {a.id: i for i, a in enumerate(ctx.articles)}, opts
        )
        stories: dict[str, Story] = {s.id: s for s in prior.stories}
        prev = _previous(prior)
        total = len(prior.stories) + len(prior.storylines)
        by_story: dict[str, Briefing] = {}
        for i, story in enumerate(prior.stories):
            try:
                b = story_briefing(bctx, story, stories.get(prev.get(story.id, "")), tally)
            except (
                ValueError,
                KeyError,
                TypeError,
                IndexError,
            ) as exc:  # one bad story never stops the batch
                log.warning("story %s: briefing skipped (%s)", story.id, exc)
                tally.errors.append(f"story {story.id}: {exc}")
                continue
            by_story[story.id] = b
            if b.sentences:
                briefings.append(b)
            ctx.tick("brief", i + 1, total)
        for j, line in enumerate(prior.storylines):
            if sum(1 for s in line.story_ids if s in by_story) < 2:
                continue  # a one-story storyline's briefing would repeat its story's
            try:
                b = storyline_briefing(bctx, line, stories, by_story, tally)
            except (ValueError, KeyError, TypeError, IndexError) as exc:
                log.warning("storyline %s: briefing skipped (%s)", line.id, exc)
                tally.errors.append(f"storyline {line.id}: {exc}")
                continue
            if b.sentences:
                briefings.append(b)
            ctx.tick("brief", len(prior.stories) + j + 1, total)
    extras = {**prior.extras, "brief": tally.as_dict()}
    return dataclasses.replace(prior, briefings=tuple(briefings), extras=extras)
