"""Stage `provenance`: citations, text reuse, claim alignment, origins and independent-source counts.

``run(ctx, prior)`` fills ``Analysis.cites``, adds ``paraphrases`` / ``translates`` /
``cites`` edges to the dedup stage's ``copies`` in ``provenance``, merges claims that
say the same thing across articles and languages, and fills each claim's ``outlets``,
``origins``, ``independent_sources`` and ``status``. See :mod:`storyline.provenance.stage`.
"""

from __future__ import annotations

from storyline.provenance.citations import FoundCite, find_citations
from storyline.provenance.stage import run

__all__ = ["FoundCite", "find_citations", "run"]
