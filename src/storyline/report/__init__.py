"""Self-contained HTML report: one file, inline CSS/JS/SVG, no network, readable on a phone.

``write_report(path, articles, analysis, failures)`` is what ``storyline analyze
--report`` and ``storyline export --report`` call. The report shows whatever
stages have filled in (empty sections are hidden): an overview with counts and
the storyline timeline, one section per story (briefing with citations,
provenance graph, coverage matrix, contradictions side by side, framing notes,
actors' positions over time), every article with its attributions highlighted,
and the inputs that failed.

Modules: :mod:`.view` builds the view-model, :mod:`.graph` lays out the
provenance graph, :mod:`.charts` places the time charts, :mod:`.text` cuts
article text into highlighted pieces, :mod:`.render` turns it into HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from storyline.records import Analysis, Article, Failure


def render_report(
    articles: Sequence[Article],
    analysis: Analysis,
    failures: Sequence[Failure] = (),
    generated_at: str | None = None,
) -> str:
    """The report as an HTML string."""
    from storyline import __version__
    from storyline.report.render import render
    from storyline.report.view import build

    return render(build(articles, analysis, failures), version=__version__, generated_at=generated_at)


def write_report(path: Path, articles: list[Article], analysis: Analysis, failures: list[Failure]) -> Path:
    """Write the report to ``path`` atomically; returns the path."""
    from storyline.report.render import write_atomic

    return write_atomic(Path(path), render_report(articles, analysis, failures))


__all__ = ["render_report", "write_report"]
