"""Briefings from candidate sentences: the support gate, and the storyline roll-up.

:func:`finish` is the only way a sentence reaches a :class:`Briefing`: it runs
:func:`storyline.brief.support.check` on each candidate, records the score in
``BriefSentence.support`` and drops (and counts) every sentence that fails, so
nothing unsupported is ever shown. A storyline's briefing reuses the checked
sentences of its stories (the top line of each, disputes, what changed) and
adds what only the whole storyline shows: actors' positions over time and one
timeline across its stories.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.brief.context import BriefContext
from storyline.brief.sections import disputed, position_sentence, story_sentences, timeline
from storyline.brief.support import check
from storyline.records import Briefing, BriefSentence, Position, Story, Storyline


@dataclass
class Tally:
    """What the support gate did: sentences shown, dropped (by reason), and a few dropped examples."""

    shown: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    examples: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sentences": self.shown,
            "dropped": sum(self.dropped.values()),
            "dropped_by_reason": dict(sorted(self.dropped.items())),
            "dropped_examples": self.examples,
            "errors": self.errors,
        }


def finish(ctx: BriefContext, candidates: Iterable[BriefSentence], tally: Tally) -> tuple[BriefSentence, ...]:
    """The supported candidates, each with its support score; repeats of a shown text are skipped."""
    out: list[BriefSentence] = []
    seen: set[str] = set()
    for s in candidates:
        if s.text in seen:
            continue
        verdict = check(s, ctx.articles, ctx.opts["threshold"])
        if not verdict.ok:
            tally.dropped[verdict.reason] += 1
            if len(tally.examples) < 20:
                tally.examples.append(
                    {
                        "text": s.text,
                        "section": s.section,
                        "reason": verdict.reason,
                        "support": verdict.support,
                    }
                )
            continue
        seen.add(s.text)
        out.append(dataclasses.replace(s, support=verdict.support))
    tally.shown += len(out)
    return tuple(out)


def briefing_id(kind: str, target_id: str) -> str:
    return "b-" + hashlib.sha1(f"{kind}:{target_id}".encode()).hexdigest()[:12]


def story_briefing(ctx: BriefContext, story: Story, previous: Story | None, tally: Tally) -> Briefing:
    sentences = finish(ctx, story_sentences(ctx, story, previous), tally)
    return Briefing(briefing_id("story", story.id), story.id, None, sentences)


def _latest_positions(positions: Sequence[Position]) -> list[Position]:
    """Each actor's latest position per issue (undated ones count as earliest), actors taking turns.

    Actors with positions on more issues come first; each actor's most recent
    position is listed before anyone's second, so a cut keeps many voices.
    """
    latest: dict[tuple[str, str], Position] = {}
    for p in positions:
        key = (p.actor, p.issue)
        if key not in latest or (p.date or "") >= (latest[key].date or ""):
            latest[key] = p
    by_actor: dict[str, list[Position]] = {}
    for key in sorted(latest):
        by_actor.setdefault(key[0], []).append(latest[key])
    for found in by_actor.values():
        found.sort(key=lambda p: (p.date or "", p.issue), reverse=True)
    actors = sorted(by_actor, key=lambda a: (-len(by_actor[a]), a))
    depth = max((len(v) for v in by_actor.values()), default=0)
    return [by_actor[a][i] for i in range(depth) for a in actors if i < len(by_actor[a])]


def storyline_briefing(
    ctx: BriefContext,
    line: Storyline,
    stories: dict[str, Story],
    story_briefs: dict[str, Briefing],
    tally: Tally,
) -> Briefing:
    """The storyline's briefing: each story's top line, disputes, positions, one timeline, changes."""
    n = ctx.opts["max_per_section"]
    members = [stories[s] for s in line.story_ids if s in stories]
    briefs = [story_briefs[s.id].sentences for s in members if s.id in story_briefs]
    tops = [next((x for x in b if x.section in ("what-happened", "single-source")), None) for b in briefs]
    happened = [x for x in tops if x is not None]  # sections kept: a frame is only known within its section
    disputes = disputed(ctx, {s.id for s in members})
    positions = ctx.positions_by_line.get(line.id, []) if line.id else []
    said = [position_sentence(ctx, p, "who-said-what", "position") for p in _latest_positions(positions)]
    changed_pos = sorted((p for p in positions if p.changed), key=lambda p: (p.date or "", p.actor, p.issue))
    changes = [position_sentence(ctx, p, "what-changed", "position-changed") for p in changed_pos]
    changes += [next((x for x in b if x.section == "what-changed"), None) for b in briefs[1:]]
    article_ids = [a for s in members for a in s.article_ids]
    candidates = [
        *happened,
        *disputes,
        *[x for x in said if x is not None][:n],
        *timeline(ctx, article_ids),
        *[x for x in changes if x is not None][:n],
    ]
    return Briefing(briefing_id("storyline", line.id), None, line.id, finish(ctx, candidates, tally))
