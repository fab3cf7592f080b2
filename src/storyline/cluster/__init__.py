"""Stage `cluster`: streaming story clustering (cross-lingual) and storylines.

``run(ctx, prior)`` fills ``Analysis.stories`` and ``Analysis.storylines``; see
:mod:`storyline.cluster.stream` for the algorithm and ``bench/cluster.py`` for
how its defaults were tuned and scored.
"""

from __future__ import annotations

from storyline.cluster.stage import cluster_articles, run
from storyline.cluster.storylines import StorylineParams, link_storylines
from storyline.cluster.stream import ClusterParams, StreamClusterer

__all__ = [
    "ClusterParams",
    "StorylineParams",
    "StreamClusterer",
    "cluster_articles",
    "link_storylines",
    "run",
]
