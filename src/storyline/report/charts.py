"""Geometry for the two time charts: the storyline timeline and actors' positions.

Both are drawn as SVG whose x coordinates are percentages of the chart's
width and whose text is a fixed pixel size, so a chart fills a phone screen
and a desktop alike without shrinking its labels (a ``viewBox`` would scale
the text down to unreadable on a phone).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from storyline.records import Position

LEFT, RIGHT = 2.0, 98.0  # percent of the width used for time
LANE_H = 46  # px per positions lane
ROW_H = 44  # px per timeline row


def day_of(value: str | None) -> date | None:
    """The calendar day of an ISO date or date-time, or None when missing or unreadable."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Scale:
    """Maps days onto [LEFT, RIGHT] percent; a single day sits in the middle."""

    first: date
    last: date

    @classmethod
    def over(cls, days: Iterable[date]) -> Scale | None:
        found = sorted(days)
        return cls(found[0], found[-1]) if found else None

    def x(self, day: date) -> float:
        span = (self.last - self.first).days
        if span <= 0:
            return (LEFT + RIGHT) / 2
        return round(LEFT + (RIGHT - LEFT) * (day - self.first).days / span, 2)

    def ticks(self, most: int = 5) -> list[tuple[float, str, str]]:
        """(x percent, label, text-anchor) for the first and last day and a few between."""
        span = (self.last - self.first).days
        if span <= 0:
            return [(self.x(self.first), self.first.isoformat(), "middle")]
        step = max(1, -(-span // (most - 1)))
        days = [self.first.toordinal() + i for i in range(0, span, step)] + [self.last.toordinal()]
        out = []
        for i, o in enumerate(days):
            d = date.fromordinal(o)
            if 0 < i < len(days) - 1 and self.last.toordinal() - o < step / 2:
                continue  # too close to the last tick
            anchor = "start" if i == 0 else "end" if i == len(days) - 1 else "middle"
            out.append((self.x(d), d.strftime("%d %b"), anchor))
        return out


@dataclass(frozen=True, slots=True)
class Point:
    x: float  # percent
    stance: str
    changed: bool
    day: str
    evidence: str
    article_ids: tuple[str, ...]


@dataclass(slots=True)
class Lane:
    actor: str
    issue: str
    y: float  # px of the lane's line
    points: list[Point] = field(default_factory=list)


@dataclass(slots=True)
class PositionChart:
    lanes: list[Lane]
    ticks: list[tuple[float, str, str]]
    height: float
    undated: int  # positions left out of the chart for want of a date


def position_chart(positions: Sequence[Position], max_lanes: int = 30) -> PositionChart | None:
    """One lane per (actor, issue), points at their dates; None when no position is dated."""
    dated = [(p, d) for p in positions if (d := day_of(p.date)) is not None]
    scale = Scale.over(d for _, d in dated)
    if scale is None:
        return None
    lanes: dict[tuple[str, str], list[tuple[Position, date]]] = {}
    for p, d in dated:
        lanes.setdefault((p.actor, p.issue), []).append((p, d))
    # actors with more positions (a story of change) first, then by name
    keys = sorted(lanes, key=lambda k: (-len(lanes[k]), k[0].casefold(), k[1].casefold()))[:max_lanes]
    out = []
    for i, key in enumerate(keys):
        pts = sorted(lanes[key], key=lambda pd: (pd[1], pd[0].stance))
        out.append(
            Lane(
                key[0], key[1], y=30 + i * LANE_H + 26,
                points=[Point(scale.x(d), p.stance, p.changed, d.isoformat(), p.evidence, p.article_ids)
                        for p, d in pts],
            )
        )  # fmt: skip
    return PositionChart(
        out, scale.ticks(), height=30 + len(out) * LANE_H + 8, undated=len(positions) - len(dated)
    )


@dataclass(frozen=True, slots=True)
class Bar:
    """One story on the timeline: label above, bar from first to last seen."""

    label: str
    href: str
    y: float
    x1: float
    x2: float
    dates: str
    articles: int
    group: bool = False  # a storyline heading row, not a story


@dataclass(slots=True)
class Timeline:
    rows: list[Bar]
    ticks: list[tuple[float, str, str]]
    height: float


def timeline(
    groups: Sequence[tuple[str, Sequence[tuple[str, str, str | None, str | None, int]]]],
) -> Timeline | None:
    """Rows for ``[(storyline title, [(story title, href, first_seen, last_seen, n_articles), ...]), ...]``.

    Undated stories are left to the caller's list; a group with one story gets
    no heading row. None when nothing is dated.
    """
    days = [d for _, stories in groups for s in stories for d in (day_of(s[2]), day_of(s[3])) if d]
    scale = Scale.over(days)
    if scale is None:
        return None
    rows: list[Bar] = []
    y = 28.0
    for title, stories in groups:
        dated = [s for s in stories if day_of(s[2]) or day_of(s[3])]
        if not dated:
            continue
        if len(groups) > 1 and len(dated) > 1:
            rows.append(Bar(title, "", y + 14, 0, 0, "", 0, group=True))
            y += 26
        for label, href, first, last, n in dated:
            a = day_of(first) or day_of(last)
            b = day_of(last) or a
            assert a is not None and b is not None
            a, b = min(a, b), max(a, b)
            text = a.isoformat() if a == b else f"{a.isoformat()} – {b.isoformat()}"
            rows.append(Bar(label, href, y, scale.x(a), scale.x(b), text, n))
            y += ROW_H
    return Timeline(rows, scale.ticks(), height=y + 4)
