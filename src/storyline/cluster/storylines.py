"""Storylines: stories about one ongoing matter, linked and ordered in time.

The same streaming idea one level up, with a looser test: stories are taken in
order of their first article; each joins the storyline whose centroid is
closest when cos(story centroid, storyline centroid) + w_ent · shared-name share
reaches ``join`` and the gap since the storyline's last dated story is within
``window_days`` (weeks, not the days a story stays live). Otherwise it opens a
storyline. Every story ends in exactly one storyline (singletons allowed). The
title is the earliest story's title: the storyline's own words.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from storyline.cluster.features import cluster_text, names, parse_when
from storyline.records import Article, Story, Storyline


@dataclass(frozen=True)
class StorylineParams:
    """Defaults checked on ECB+ dev/train, whose topics pair two related events."""

    join: float = 0.90
    w_ent: float = 0.1
    window_days: float = 120.0


def _days(a: str | None, b: str | None) -> float | None:
    da, db = parse_when(a), parse_when(b)
    if da is None or db is None:
        return None
    return abs((da - db).total_seconds()) / 86400


def link_storylines(
    articles: Sequence[Article],
    stories: list[Story],
    groups: list[list[int]],
    vectors: np.ndarray,
    params: StorylineParams | None = None,
) -> tuple[list[Story], list[Storyline]]:
    """Storyline ids on the stories (same order) and the storylines, each ordered in time."""
    p = params or StorylineParams()
    cents: list[np.ndarray] = []  # per storyline: sum of story centroids
    line_names: list[Counter[str]] = []
    line_last: list[str | None] = []
    members: list[list[int]] = []
    df: Counter[str] = Counter()
    story_names = []
    for g in groups:
        found: set[str] = set()
        for i in g:
            found |= names(cluster_text(articles[i]))
        story_names.append(frozenset(found))
        df.update(found)

    def idf(n: str) -> float:
        return math.log((len(groups) + 1) / (df[n] + 1)) + 1.0

    for s_idx, g in enumerate(groups):
        cent = vectors[g].sum(axis=0)
        cent = cent / max(float(np.linalg.norm(cent)), 1e-9)
        best, best_score = -1, p.join
        if cents:
            mat = np.vstack(cents)
            mat = mat / np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-9)
            scores = mat @ cent
            sn = story_names[s_idx]
            total = sum(idf(n) for n in sn)
            for li in np.argsort(-scores)[:10]:
                li = int(li)
                gap = _days(stories[s_idx].first_seen, line_last[li])
                if gap is not None and gap > p.window_days:
                    continue
                share = sum(idf(n) for n in sn if n in line_names[li]) / total if total else 0.0
                score = float(scores[li]) + p.w_ent * share
                if score >= best_score:
                    best, best_score = li, score
        if best < 0:
            cents.append(np.zeros_like(cent))
            line_names.append(Counter())
            line_last.append(None)
            members.append([])
            best = len(cents) - 1
        cents[best] = cents[best] + cent
        line_names[best].update(story_names[s_idx])
        last = stories[s_idx].last_seen
        if last and (line_last[best] is None or last > (line_last[best] or "")):
            line_last[best] = last
        members[best].append(s_idx)

    out_stories = list(stories)
    lines = []
    for m in members:
        ordered = sorted(m, key=lambda i: (stories[i].first_seen or "", groups[i][0]))
        first = stories[ordered[0]]
        sl_id = "sl-" + hashlib.sha1(first.id.encode("utf-8")).hexdigest()[:12]
        for i in m:
            out_stories[i] = replace(stories[i], storyline_id=sl_id)
        lines.append(Storyline(id=sl_id, title=first.title, story_ids=tuple(stories[i].id for i in ordered)))
    return out_stories, lines


__all__ = ["StorylineParams", "link_storylines"]
