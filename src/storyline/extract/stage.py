"""Placeholder, replaced below."""
from __future__ import annotations

from storyline.pipeline import StageContext
from storyline.records import Analysis


def run(ctx: StageContext, prior: Analysis) -> Analysis:
    return prior
