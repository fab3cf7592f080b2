"""Stage `extract`: sentences, entities, time expressions, attributions and claims.

Per-article work is :func:`extract_article` (pure, Ray-friendly); :func:`run`
maps it over the articles and then canonicalises names within each story.
"""

from __future__ import annotations

from storyline.extract.article import ArticleExtraction, extract_article
from storyline.extract.stage import run

__all__ = ["ArticleExtraction", "extract_article", "run"]
