"""Distinctive words by contrast: weighted log-odds ratio with an informative Dirichlet prior.

Monroe, Colaresi & Quinn (2008), "Fightin' Words": the log-odds of a word in
one set of texts against another, smoothed by a prior built from a larger
background corpus and divided by its estimated standard deviation, so a word
used a little more by a small outlet does not outrank a word used far more by a
large one. Written here because it is a dozen lines of arithmetic over
counters; a dependency for it would cost more than it saves.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

PRIOR_SIZE = 100.0  # pseudo-counts of the background prior; see bench/compare.py

_TOKEN = re.compile(r"[^\W\d_][\w'\-]*[^\W_]|[^\W\d_]", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens without English stop words or one-letter tokens."""
    return [
        t
        for t in (m.group(0).lower() for m in _TOKEN.finditer(text))
        if len(t) > 1 and t[0].isalpha() and t not in ENGLISH_STOP_WORDS
    ]


def count(texts: Iterable[str]) -> Counter[str]:
    c: Counter[str] = Counter()
    for t in texts:
        c.update(tokens(t))
    return c


def log_odds_z(
    focus: Counter[str],
    rest: Counter[str],
    prior: Counter[str],
    prior_size: float = PRIOR_SIZE,
    prior_total: int | None = None,
) -> dict[str, float]:
    """z-score of every word of ``focus`` ∪ ``rest``: positive = typical of ``focus``.

    ``prior`` (background counts) is rescaled to ``prior_size`` pseudo-counts in
    all, so it shrinks rare words toward the background rate without swamping
    the texts being compared. ``prior_total``: ``sum(prior.values())`` when the
    caller knows it (the background is the whole corpus: summing it for every
    story of the corpus would cost the square of the corpus).
    """
    total_prior = (sum(prior.values()) if prior_total is None else prior_total) or 1
    scale = prior_size / total_prior
    n_f, n_r = sum(focus.values()), sum(rest.values())
    a0 = prior_size
    out: dict[str, float] = {}
    for w in set(focus) | set(rest):
        a = max(prior.get(w, 0) * scale, 0.01)
        yf, yr = focus.get(w, 0), rest.get(w, 0)
        lf = math.log((yf + a) / max(n_f + a0 - yf - a, 1e-9))
        lr = math.log((yr + a) / max(n_r + a0 - yr - a, 1e-9))
        var = 1.0 / (yf + a) + 1.0 / (yr + a)
        out[w] = (lf - lr) / math.sqrt(var)
    return out


def top_terms(
    z: dict[str, float], focus: Counter[str], k: int = 10, min_z: float = 0.5
) -> list[tuple[str, float, int]]:
    """The ``k`` words most typical of the focus side with ``z >= min_z``: (word, z, count).

    The floor is low on purpose: within one story counts are small, so z rarely
    reaches 1.96; the z-score is reported with each word for the reader to weigh.
    """
    ranked = sorted(
        ((w, s) for w, s in z.items() if s >= min_z and focus.get(w, 0) > 0), key=lambda t: (-t[1], t[0])
    )
    return [(w, round(s, 2), focus[w]) for w, s in ranked[:k]]
