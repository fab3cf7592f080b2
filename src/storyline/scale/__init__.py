"""Scale-out: the Ray engine (``storyline analyze --engine ray``) and streaming exports.

Ray is an optional extra (``pip install storyline[ray]``). Importing this
package never needs it; asking for the Ray engine without it raises one
:class:`~storyline.errors.ConfigError` line saying how to install it.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from storyline.config import Config
from storyline.errors import ConfigError
from storyline.pipeline import STAGES, Progress
from storyline.records import Analysis, Article

RAY_MISSING = "the Ray engine needs the 'ray' extra: pip install 'storyline[ray]' (ray[data], pyarrow)"


def ray_available() -> bool:
    """True when both ray (with Ray Data) and pyarrow can be imported."""
    try:
        importlib.import_module("ray")
        importlib.import_module("pyarrow")
    except ImportError:
        return False
    return True


def analyze_with_ray(
    articles: Sequence[Article],
    config: Config,
    store: Any = None,
    progress: Progress | None = None,
    stages: Sequence[tuple[str, str]] = STAGES,
) -> Analysis:
    """Run the pipeline with per-article features computed on Ray (see :mod:`storyline.scale.engine`)."""
    if not ray_available():
        raise ConfigError(RAY_MISSING)
    from storyline.scale.engine import analyze_with_ray as run

    return run(articles, config, store=store, progress=progress, stages=stages)


__all__ = ["RAY_MISSING", "analyze_with_ray", "ray_available"]
