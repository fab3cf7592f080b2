"""The cluster stage: articles in stream order → Story records, then storylines.

Reads ``Analysis.duplicate_of`` (a copy joins its original's story) and fills
``stories`` and ``storylines``. Options come from ``config.stage("cluster")``;
unknown keys are refused with a one-line error naming them.

The stage reads the stream once, :data:`STAGE_CHUNK` articles at a time: a chunk's
embeddings, words and names are computed (or read from the store's cache), its
articles are placed by the :class:`StreamClusterer`, and of each article only an
:class:`ArticleHead`, its storyline names and its embedding row are kept. No
article text outlives its chunk.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence, Sized
from dataclasses import fields, replace
from functools import lru_cache
from importlib import resources
from itertools import islice
from typing import Any, NamedTuple

import numpy as np

from storyline.cluster.features import cluster_text, figures, names, parse_when, terms
from storyline.cluster.storylines import StorylineParams, link_storylines, storyline_names
from storyline.cluster.stream import ClusterParams, StreamClusterer
from storyline.embed import LEAD_CHARS as EMBED_CHARS
from storyline.embed import embed_articles, get_embedder, lead_text
from storyline.errors import ConfigError
from storyline.records import Analysis, Article, Story

LEAD_CHARS = 3000  # body characters for the word and name signals (the embedding reads title + 600)

# Hashed n-gram cosines sit far below E5's, so the fallback embedder needs its own bar
# (tuned on the same dev splits by bench/cluster_hashing.py); used unless join/merge are set.
HASHING_JOIN = 0.75

_OPTIONS = (
    {f.name: f for f in fields(ClusterParams)}
    | {f"storyline_{f.name}": f for f in fields(StorylineParams)}
    | {"lead_chars": None, "embed_chars": None}
)


def read_options(options: dict) -> tuple[ClusterParams, StorylineParams, int]:
    """Split the stage's option table into clusterer / storyline parameters (typed, checked)."""
    unknown = set(options) - set(_OPTIONS)
    if unknown:
        raise ConfigError(f"stages.cluster: unknown option(s) {sorted(unknown)}; known: {sorted(_OPTIONS)}")
    cp, sp = ClusterParams(), StorylineParams()
    lead = LEAD_CHARS
    for key, value in options.items():
        if key == "lead_chars":
            lead = int(value)
            continue
        if key == "embed_chars":
            embed_chars(options)  # checked here, read by embed_chars()
            continue
        target = sp if key.startswith("storyline_") else cp
        name = key.removeprefix("storyline_") if target is sp else key
        like = getattr(target, name)
        try:
            value = type(like)(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(
                f"stages.cluster.{key}: cannot read {value!r} as {type(like).__name__}"
            ) from exc
        if value < 0:
            raise ConfigError(f"stages.cluster.{key}: must not be negative, got {value!r}")
        if target is sp:
            sp = replace(sp, **{name: value})
        else:
            cp = replace(cp, **{name: value})
    return cp, sp, lead


def embed_chars(options: dict) -> int:
    """``[stages.cluster] embed_chars``: body characters the embedding reads after the title.

    Default 600. E5's cost grows with its input: on 2 cores (bench/embedders.py) title + 600
    characters embeds ~5 texts/s (400 CPU ms each), the title alone (0) ~38 (53 ms), at a
    dev-split cost of about one point of pairwise F1 (AllSides dev up 4, ECB+ train down 7.5).
    """
    value = options.get("embed_chars", EMBED_CHARS)
    try:
        n = int(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"stages.cluster.embed_chars: cannot read {value!r} as int") from exc
    if n < 0:
        raise ConfigError(f"stages.cluster.embed_chars: must not be negative, got {value!r}")
    return n


def story_vectors(articles: Sequence[Article], store: Any, config: Any) -> np.ndarray:
    """The stage's embeddings of ``articles`` (title + ``embed_chars`` of the body), cached in ``store``."""
    n = embed_chars(config.stage("cluster"))
    return embed_articles(
        articles, store, get_embedder(config), text_fn=lambda a: lead_text(a, n), text_key=_lead_key(n)
    )


def story_vectors_kind(config: Any) -> str:
    """The features-table kind :func:`story_vectors` caches under (embed_articles: ``emb:<text key>``)."""
    return f"emb:{_lead_key(embed_chars(config.stage('cluster')))}"


def _lead_key(n: int) -> str:
    return f"lead{n}"


WORDS_KIND = "cluster:words"  # the features table: an article's word counts and names, as JSON
WORDS_CHUNK = 1000  # articles read from (and written to) the cache at a time


@lru_cache(maxsize=1)
def _words_code() -> str:
    """A digest of the code and word lists the word and name signals come from."""
    digest = hashlib.sha1()
    digest.update(resources.files("storyline.cluster").joinpath("features.py").read_bytes())
    digest.update(resources.files("storyline.resources").joinpath("cluster_stop_en.txt").read_bytes())
    return digest.hexdigest()[:12]


def words_version(lead_chars: int, params: ClusterParams) -> str:
    """Cache version of :func:`article_words` for these options (and this code)."""
    return f"{_words_code()}-l{lead_chars}-n{int(params.lex_numbers)}-b{int(params.lex_bigrams)}"


def _words_of(art: Article, lead_chars: int, params: ClusterParams) -> tuple[Counter[str], frozenset[str]]:
    text = cluster_text(art, lead_chars)
    counts = terms(text, title=art.title or "", numbers=params.lex_numbers, bigrams=params.lex_bigrams)
    return counts, names(text)


def article_words(
    articles: Iterable[Article], store: Any, lead_chars: int, params: ClusterParams
) -> Iterator[tuple[Counter[str], frozenset[str]]]:
    """Each article's word counts and names (the clusterer's word and name signals), in order.

    Read from the store's features table where cached, computed and written back
    otherwise; a chunk of articles at a time, so a stream's words are never all held.
    """
    version = words_version(lead_chars, params)
    chunk: list[Article] = []

    def flush() -> Iterator[tuple[Counter[str], frozenset[str]]]:
        cached = store.get_features(WORDS_KIND, version, [a.id for a in chunk]) if store is not None else {}
        new: list[tuple[str, bytes]] = []
        for art in chunk:
            blob = cached.get(art.id)
            if blob is not None:
                data = json.loads(blob)
                yield Counter(data["t"]), frozenset(data["n"])
                continue
            counts, found = _words_of(art, lead_chars, params)
            new.append((art.id, json.dumps({"t": counts, "n": sorted(found)}, ensure_ascii=False).encode()))
            yield counts, found
        if store is not None and new:
            store.put_features(WORDS_KIND, version, new)

    for art in articles:
        chunk.append(art)
        if len(chunk) == WORDS_CHUNK:
            yield from flush()
            chunk = []
    if chunk:
        yield from flush()


def cluster_articles(
    articles: Sequence[Article],
    vectors: np.ndarray,
    params: ClusterParams | None = None,
    duplicate_of: dict[str, str] | None = None,
    lead_chars: int = LEAD_CHARS,
    words: Iterable[tuple[Counter[str], frozenset[str]]] | None = None,
) -> tuple[list[list[int]], StreamClusterer]:
    """Group article positions into stories, one pass in the given (stream) order.

    ``words``: each article's word counts and names (:func:`article_words`, from the
    cache); computed here when not given.
    """
    sc = StreamClusterer(vectors.shape[1] if len(vectors) else 1, params)
    pos = {a.id: i for i, a in enumerate(articles)}
    duplicate_of = duplicate_of or {}
    if words is None:
        words = (_words_of(art, lead_chars, sc.p) for art in articles)
    for i, (art, (counts, found)) in enumerate(zip(articles, words, strict=True)):
        orig = duplicate_of.get(art.id)
        join = sc.assign[pos[orig]] if orig in pos and pos[orig] < i else None
        _place(sc, art, vectors[i], counts, found, join, lead_chars)
    sc.finish()
    return sc.groups(), sc


def _place(
    sc: StreamClusterer,
    art: Article,
    vec: np.ndarray,
    counts: Counter[str],
    found: frozenset[str],
    join: int | None,
    lead_chars: int,
) -> None:
    """Feed one article to the clusterer (``join``: the story it must join, a copy's)."""
    text = cluster_text(art, lead_chars) if sc.p.fig_conflict else ""
    sc.add(
        vec,
        counts,
        found,
        parse_when(art.published),
        join,
        art.language,
        figures(text[: len(art.title or "") + 1 + sc.p.fig_chars]) if sc.p.fig_conflict else frozenset(),
    )


def story_id(first_article_id: str) -> str:
    return "s-" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:12]


class ArticleHead(NamedTuple):
    """What the stage keeps of an article once its chunk is done: what :func:`build_stories`
    and :func:`link_storylines` read (``text``: the body's first 120 characters where the
    title is empty, the story title's fallback; empty otherwise)."""

    id: str
    title: str
    published: str | None
    language: str | None
    text: str


def article_head(art: Article) -> ArticleHead:
    lang = sys.intern(art.language) if art.language else art.language  # a few values, many articles
    return ArticleHead(art.id, art.title, art.published, lang, "" if art.title else (art.text or "")[:120])


def build_stories(
    articles: Sequence[Article] | Sequence[ArticleHead], groups: list[list[int]], vectors: np.ndarray
) -> list[Story]:
    """Story records; the title is that of the member nearest the story's centroid."""
    stories = []
    for g in groups:
        members = [articles[i] for i in g]
        cent = vectors[g].sum(axis=0)
        central = members[int(np.argmax(vectors[g] @ cent))]
        dates = sorted(a.published for a in members if a.published)
        langs = Counter(a.language for a in members if a.language)
        stories.append(
            Story(
                id=story_id(members[0].id),
                title=(central.title or central.text[:120]).strip(),
                storyline_id=None,
                article_ids=tuple(a.id for a in members),
                first_seen=dates[0] if dates else None,
                last_seen=dates[-1] if dates else None,
                languages=tuple(lang for lang, _ in langs.most_common()),
            )
        )
    return stories


STAGE_CHUNK = 1024  # articles read, embedded (4 embedder batches of 256) and placed at a time


class _Rows:
    """Embedding rows appended a chunk at a time into one float32 matrix (sized from the
    stream's length where known, else grown by doubling)."""

    def __init__(self, expect: int) -> None:
        self.mat: np.ndarray | None = None
        self.n = 0
        self.expect = expect

    def extend(self, vecs: np.ndarray) -> np.ndarray:
        """Append ``vecs``; returns their rows in the matrix."""
        need = self.n + len(vecs)
        if self.mat is None:
            self.mat = np.zeros((max(self.expect, need), vecs.shape[1]), dtype=np.float32)
        elif need > len(self.mat):
            grown = np.zeros((max(need, 2 * len(self.mat)), self.mat.shape[1]), dtype=np.float32)
            grown[: self.n] = self.mat[: self.n]
            self.mat = grown
        self.mat[self.n : need] = vecs
        self.n = need
        return self.mat[need - len(vecs) : need]

    def matrix(self) -> np.ndarray:
        assert self.mat is not None
        return self.mat if len(self.mat) == self.n else self.mat[: self.n].copy()


def run(ctx, prior: Analysis) -> Analysis:
    """Corpus stage entry point (see storyline.pipeline).

    One pass over ``ctx.articles`` (a list, or a :class:`~storyline.window.StoredStream`
    read from the store), :data:`STAGE_CHUNK` articles at a time; the result is that of
    :func:`cluster_articles`, :func:`build_stories` and :func:`link_storylines` over the
    whole list.
    """
    options = ctx.config.stage("cluster")
    cparams, sparams, lead = read_options(options)
    stream = iter(ctx.articles)
    chunk = list(islice(stream, STAGE_CHUNK))
    if not chunk:
        return replace(prior, stories=(), storylines=())
    embedder = get_embedder(ctx.config)
    if embedder.name == "hashing":
        cparams = replace(
            cparams,
            join=float(options.get("join", HASHING_JOIN)),
            merge=float(options.get("merge", HASHING_JOIN)),
        )
    total = len(ctx.articles) if isinstance(ctx.articles, Sized) else 0
    duplicate_of = prior.duplicate_of or {}
    originals = set(duplicate_of.values())
    pos: dict[str, int] = {}  # stream position of each article some copy points to
    heads: list[ArticleHead] = []
    line_names: list[frozenset[str]] = []
    rows = _Rows(total)
    sc: StreamClusterer | None = None
    ctx.tick("cluster", 0, total)
    while chunk:
        vecs = rows.extend(story_vectors(chunk, ctx.store, ctx.config))
        if sc is None:
            sc = StreamClusterer(vecs.shape[1], cparams)
        words = article_words(chunk, ctx.store, lead, cparams)
        for art, vec, (counts, found) in zip(chunk, vecs, words, strict=True):
            orig = duplicate_of.get(art.id)
            _place(sc, art, vec, counts, found, sc.assign[pos[orig]] if orig in pos else None, lead)
            if art.id in originals:
                pos[art.id] = len(heads)
            heads.append(article_head(art))
            line_names.append(storyline_names(art))
        del art, vec, vecs
        ctx.tick("cluster", len(heads), max(total, len(heads)))
        chunk = list(islice(stream, STAGE_CHUNK))
    assert sc is not None
    sc.finish()
    groups = sc.groups()
    vectors = rows.matrix()
    del rows
    stories = build_stories(heads, groups, vectors)
    stories, storylines = link_storylines(heads, stories, groups, vectors, sparams, line_names)
    return replace(prior, stories=tuple(stories), storylines=tuple(storylines))


__all__ = [
    "ArticleHead",
    "build_stories",
    "cluster_articles",
    "embed_chars",
    "parse_when",
    "read_options",
    "run",
    "story_id",
    "story_vectors",
    "story_vectors_kind",
]
