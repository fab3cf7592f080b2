"""Is sentence B a re-report of sentence A? Pair features and one linear score.

Features (each in [0, 1]): embedding cosine (multilingual E5, or the hashing
fallback), word Jaccard, rapidfuzz token-set and plain ratios, length ratio, and
whether the numbers written in both agree or conflict. Lexical features are only
meaningful within one language, so a pair across languages is scored on the
cosine alone against its own bar (``translate_cos``). Weights and bars live in
``resources/reuse_weights.json`` (where they came from is written there and in
``resources/README.md``); ``bench/provenance.py`` measures them on MSRP test.

rapidfuzz does the string ratios (C speed); the rest is numpy on small arrays. A
story's candidate pairs are screened in one batch (:func:`screen`: the token-set
ratio, the costliest feature, only where the others leave the bar in reach).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from rapidfuzz import fuzz, process

FEATURES = ("cos", "jaccard", "token_set", "ratio", "length", "num_agree", "num_conflict")
_WORD = re.compile(r"\w+", re.UNICODE)
_NUM = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True, slots=True)
class PairModel:
    """A logistic score over :data:`FEATURES` and the bars that turn it into a decision."""

    weights: tuple[float, ...]
    bias: float
    threshold: float  # probability at or above which a same-language pair is a re-report
    translate_cos: float  # cosine at or above which a cross-language pair is a translation
    embedder: str  # the embedder the weights were set with ("e5" or "hashing")

    def prob(self, feats: np.ndarray) -> np.ndarray:
        z = feats @ np.asarray(self.weights) + self.bias
        return 1.0 / (1.0 + np.exp(-z))


@lru_cache(maxsize=4)
def load_model(name: str = "e5") -> PairModel:
    """The shipped weights for embedder ``name`` (``e5`` or ``hashing``)."""
    data = json.loads(
        resources.files("storyline.resources").joinpath("reuse_weights.json").read_text("utf-8")
    )
    entry = data["models"].get(name) or data["models"]["e5"]
    w = entry["weights"]
    return PairModel(
        weights=tuple(float(w[f]) for f in FEATURES),
        bias=float(entry["bias"]),
        threshold=float(entry["threshold"]),
        translate_cos=float(entry["translate_cos"]),
        embedder=name,
    )


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def numbers(text: str) -> frozenset[str]:
    return frozenset(n.replace(",", "") for n in _NUM.findall(text))


@dataclass(frozen=True, slots=True)
class Read:
    """What the lexical features need from one text, read once however many pairs it is in."""

    words: tuple[str, ...]
    vocab: frozenset[str]
    numbers: frozenset[str]
    joined: str  # the words, space-joined: what rapidfuzz compares


def read(text: str) -> Read:
    ws = words(text)
    return Read(tuple(ws), frozenset(ws), numbers(text), " ".join(ws))


def pair_features(a: str, b: str, cos: float) -> np.ndarray:
    """The feature row of one pair (``cos`` from the embedder)."""
    return read_features(read(a), read(b), cos)


def read_features(ra: Read, rb: Read, cos: float) -> np.ndarray:
    """:func:`pair_features` of two texts already :func:`read`."""
    sa, sb = ra.vocab, rb.vocab
    jac = len(sa & sb) / len(sa | sb) if sa | sb else 0.0
    na, nb = ra.numbers, rb.numbers
    agree = 1.0 if na and na == nb else 0.0
    conflict = 1.0 if na and nb and not (na & nb) else 0.0
    length = min(len(ra.words), len(rb.words)) / max(len(ra.words), len(rb.words), 1)
    la, lb = ra.joined, rb.joined
    return np.array(
        [
            float(cos),
            jac,
            fuzz.token_set_ratio(la, lb) / 100.0,
            fuzz.ratio(la, lb) / 100.0,
            length,
            agree,
            conflict,
        ],
        dtype=np.float64,
    )


def batch_features(pairs: Sequence[tuple[Read, Read]], cos: np.ndarray) -> np.ndarray:
    """:func:`read_features` of many pairs at once, one row each (equal values, no per-pair numpy
    or rapidfuzz call: ``rapidfuzz.process.cpdist`` scores the pairs in C)."""
    feats = _cheap_features(pairs, cos)
    feats[:, _TOKEN_SET] = _token_set(pairs)
    return feats


_TOKEN_SET = FEATURES.index("token_set")


def _cheap_features(pairs: Sequence[tuple[Read, Read]], cos: np.ndarray) -> np.ndarray:
    """Every feature but the token-set ratio (left 0), the costliest to compute."""
    feats = np.zeros((len(pairs), len(FEATURES)), dtype=np.float64)
    if not pairs:
        return feats
    feats[:, 0] = cos
    shared = [len(a.vocab & b.vocab) for a, b in pairs]
    feats[:, 1] = [
        k / (len(a.vocab) + len(b.vocab) - k) if a.vocab or b.vocab else 0.0
        for k, (a, b) in zip(shared, pairs, strict=True)
    ]
    left, right = [a.joined for a, _ in pairs], [b.joined for _, b in pairs]
    feats[:, 3] = process.cpdist(left, right, scorer=fuzz.ratio, dtype=np.float64) / 100.0
    feats[:, 4] = [min(len(a.words), len(b.words)) / max(len(a.words), len(b.words), 1) for a, b in pairs]
    feats[:, 5] = [1.0 if a.numbers and a.numbers == b.numbers else 0.0 for a, b in pairs]
    feats[:, 6] = [1.0 if a.numbers and b.numbers and not (a.numbers & b.numbers) else 0.0 for a, b in pairs]
    return feats


def _token_set(pairs: Sequence[tuple[Read, Read]]) -> np.ndarray:
    if not pairs:
        return np.zeros(0, dtype=np.float64)
    left, right = [a.joined for a, _ in pairs], [b.joined for _, b in pairs]
    return np.asarray(process.cpdist(left, right, scorer=fuzz.token_set_ratio, dtype=np.float64)) / 100.0


def screen(model: PairModel, pairs: Sequence[tuple[Read, Read]], cos: np.ndarray) -> np.ndarray:
    """Scores of many pairs for screening against ``model.threshold``: the score (up to float
    rounding) of every pair that may reach the bar; for a pair that cannot reach it even with
    a perfect token-set ratio, that bound instead (below the bar), its token-set ratio unread."""
    feats = _cheap_features(pairs, cos)
    weights = np.asarray(model.weights)
    if not 0.0 < model.threshold < 1.0:
        feats[:, _TOKEN_SET] = _token_set(pairs)
        return model.prob(feats)
    best = feats @ weights + model.bias + max(weights[_TOKEN_SET], 0.0)  # token set ratios are in [0, 1]
    bar = math.log(model.threshold / (1.0 - model.threshold))
    may = np.flatnonzero(best >= bar - 1e-6).tolist()
    scores = 1.0 / (1.0 + np.exp(-best))
    if may:
        feats[may, _TOKEN_SET] = _token_set([pairs[i] for i in may])
        scores[may] = model.prob(feats[may])
    return scores


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 50) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-regularised logistic regression (Newton steps).

    Hand-written because it is ten lines of numpy and the only fit in the
    project: pulling in a solver for seven weights is not worth a dependency.
    """
    xb = np.hstack([x, np.ones((x.shape[0], 1))])
    w = np.zeros(xb.shape[1])
    reg = l2 * np.eye(xb.shape[1])
    reg[-1, -1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) / len(y) + reg @ w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb / len(y) + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if math.sqrt(float(step @ step)) < 1e-8:
            break
    return w[:-1], float(w[-1])


__all__ = [
    "FEATURES",
    "PairModel",
    "Read",
    "batch_features",
    "fit_logistic",
    "load_model",
    "numbers",
    "pair_features",
    "read",
    "read_features",
    "screen",
    "words",
]
