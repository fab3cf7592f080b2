"""Is sentence B a re-report of sentence A? Pair features and one linear score.

Features (each in [0, 1]): embedding cosine (multilingual E5, or the hashing
fallback), word Jaccard, rapidfuzz token-set and plain ratios, length ratio, and
whether the numbers written in both agree or conflict. Lexical features are only
meaningful within one language, so a pair across languages is scored on the
cosine alone against its own bar (``translate_cos``). Weights and bars live in
``resources/reuse_weights.json`` (where they came from is written there and in
``resources/README.md``); ``bench/provenance.py`` measures them on MSRP test.

rapidfuzz does the string ratios (C speed); the rest is numpy on small arrays.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from rapidfuzz import fuzz

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


def pair_features(a: str, b: str, cos: float) -> np.ndarray:
    """The feature row of one pair (``cos`` from the embedder)."""
    wa, wb = words(a), words(b)
    sa, sb = set(wa), set(wb)
    jac = len(sa & sb) / len(sa | sb) if sa | sb else 0.0
    na, nb = numbers(a), numbers(b)
    agree = 1.0 if na and na == nb else 0.0
    conflict = 1.0 if na and nb and not (na & nb) else 0.0
    length = min(len(wa), len(wb)) / max(len(wa), len(wb), 1)
    la, lb = " ".join(wa), " ".join(wb)
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


__all__ = ["FEATURES", "PairModel", "fit_logistic", "load_model", "numbers", "pair_features", "words"]
