"""The cluster stage: articles in stream order → Story records, then storylines.

Reads ``Analysis.duplicate_of`` (a copy joins its original's story) and fills
``stories`` and ``storylines``. Options come from ``config.stage("cluster")``;
unknown keys are refused with a one-line error naming them.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from storyline.cluster.features import cluster_text, figures, names, parse_when, terms
from storyline.cluster.storylines import StorylineParams, link_storylines
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
        text = cluster_text(art, lead_chars) if sc.p.fig_conflict else ""
        sc.add(
            vectors[i],
            counts,
            found,
            parse_when(art.published),
            join,
            art.language,
            figures(text[: len(art.title or "") + 1 + sc.p.fig_chars]) if sc.p.fig_conflict else frozenset(),
        )
    sc.finish()
    return sc.groups(), sc


def story_id(first_article_id: str) -> str:
    return "s-" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:12]


def build_stories(articles: Sequence[Article], groups: list[list[int]], vectors: np.ndarray) -> list[Story]:
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


STORYLINE_CHARS = 600  # body characters storylines read names from (storylines.link_storylines)


def lead_view(article: Article, chars: int) -> Article:
    """``article`` with its body cut to ``chars`` characters and no parser original (what clustering reads)."""
    if len(article.text) <= chars and not article.original_text:
        return article
    return replace(article, text=article.text[:chars], original_text="")


def run(ctx, prior: Analysis) -> Analysis:
    """Corpus stage entry point (see storyline.pipeline)."""
    cparams, sparams, lead = read_options(ctx.config.stage("cluster"))
    # the stage reads the title and the first characters of the body only: keep just those, so a
    # long stream (storyline.window reads it from the store) is not held whole
    keep = max(lead, embed_chars(ctx.config.stage("cluster")), STORYLINE_CHARS)
    articles = [lead_view(a, keep) for a in ctx.articles]
    if not articles:
        return replace(prior, stories=(), storylines=())
    embedder = get_embedder(ctx.config)
    options = ctx.config.stage("cluster")
    if embedder.name == "hashing":
        cparams = replace(
            cparams,
            join=float(options.get("join", HASHING_JOIN)),
            merge=float(options.get("merge", HASHING_JOIN)),
        )
    vectors = story_vectors(articles, ctx.store, ctx.config)
    ctx.tick("cluster", 0, len(articles))
    words = article_words(articles, ctx.store, lead, cparams)
    groups, sc = cluster_articles(articles, vectors, cparams, prior.duplicate_of, lead, words)
    ctx.tick("cluster", len(articles), len(articles))
    stories = build_stories(articles, groups, vectors)
    stories, storylines = link_storylines(articles, stories, groups, vectors, sparams)
    return replace(prior, stories=tuple(stories), storylines=tuple(storylines))


__all__ = [
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
