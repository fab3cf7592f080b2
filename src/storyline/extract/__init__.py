"""Stage `extract`: sentences, entities, time expressions, attributions and claims.

Per-article work is :func:`extract_article` (pure, picklable in and out, models
loaded once per process), so the Ray engine can map it; :func:`assemble` is the
story-level part (one canonical name per person within a story, claim story
ids) and :func:`run` is both for the local engine, with a store cache.

Modules: ``nlp`` (syntok sentences + spaCy parse), ``entities`` (NER, roles,
role descriptors), ``quotes`` and ``layout`` (quote marks, ``Name:`` lines),
``attributions`` (dependency rules), ``speakers`` (kind + in-article
resolution), ``timex``, ``claims``, ``canonical``, ``lexicon`` (the per-language
word lists in ``storyline/resources``). Quality and speed: ``python -m bench.extract``.
"""

from __future__ import annotations

from storyline.extract.article import ArticleExtraction, extract_article
from storyline.extract.stage import assemble, run

__all__ = ["ArticleExtraction", "assemble", "extract_article", "run"]
