"""The corpus stage: map :func:`extract_article`, then canonicalise names per story.

Split in two so the Ray engine can run the map itself and call
:func:`assemble` with the results. Extractions are cached in the store's
``features`` table (kind ``extract``, keyed by article id, checked against the
article's content hash), so re-analysing a corpus does not re-parse it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import Any

from storyline.extract.article import ArticleExtraction, extract_article
from storyline.extract.canonical import canonical_speaker, canonicalise
from storyline.pipeline import StageContext
from storyline.records import (
    Analysis,
    Article,
    Attribution,
    Claim,
    Entity,
    TimeExpression,
    from_dict,
    to_dict,
)

CACHE_KIND = "extract"


@lru_cache(maxsize=1)
def cache_version() -> str:
    """A digest of this package's code and word lists: any change re-extracts cached articles."""
    digest = hashlib.sha1()
    for pkg in ("storyline.extract", "storyline.resources"):
        root = resources.files(pkg)
        for entry in sorted(root.iterdir(), key=lambda e: e.name):
            if entry.is_file() and entry.name.endswith((".py", ".txt")):
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


def run(ctx: StageContext, prior: Analysis) -> Analysis:
    """Fill ``entities``, ``time_expressions``, ``attributions`` and ``claims``."""
    articles = ctx.articles
    cached = _load_cache(ctx.store, articles)
    results: list[ArticleExtraction] = []
    fresh: list[tuple[Article, ArticleExtraction]] = []
    for i, art in enumerate(articles):
        ex = cached.get(art.id)
        if ex is None:
            ex = extract_article(art, ctx.config)
            fresh.append((art, ex))
        results.append(ex)
        ctx.tick("extract", i + 1, len(articles))
    _save_cache(ctx.store, fresh)
    return assemble(prior, articles, results)


def assemble(prior: Analysis, articles: Sequence[Article], results: Sequence[ArticleExtraction]) -> Analysis:
    """The story-level part: canonical names per story, claim story ids, errors in extras."""
    story_of = {aid: s.id for s in prior.stories for aid in s.article_ids}
    groups: dict[str, list[ArticleExtraction]] = {}
    for ex in results:
        groups.setdefault(story_of.get(ex.article_id) or f"article:{ex.article_id}", []).append(ex)
    entities: list[Entity] = []
    attributions: list[Attribution] = []
    claims: list[Claim] = []
    for key, members in groups.items():
        story_id = None if key.startswith("article:") else key
        ents, names = canonicalise([e for ex in members for e in ex.entities])
        entities.extend(ents)
        for ex in members:
            attributions.extend(
                replace(a, speaker=canonical_speaker(a.speaker, names)) if a.speaker_kind == "person" else a
                for a in ex.attributions
            )
            claims.extend(
                replace(
                    c,
                    story_id=story_id,
                    speaker=canonical_speaker(c.speaker, names) if c.speaker_kind == "person" else c.speaker,
                )
                for c in ex.claims
            )
    order = {a.id: i for i, a in enumerate(articles)}

    def key_of(rec: Any) -> tuple[int, int]:
        aid = rec.article_id if hasattr(rec, "article_id") else rec.mentions[0].article_id
        start = rec.start if hasattr(rec, "start") else rec.mentions[0].start
        return order.get(aid, len(order)), start

    errors = [ex.error for ex in results if ex.error]
    extras = dict(prior.extras)
    extras["extract"] = {
        "errors": errors,
        "sentences": {ex.article_id: len(ex.sentences) for ex in results},
        "languages": {ex.article_id: ex.language for ex in results},
    }
    return replace(
        prior,
        entities=tuple(sorted(entities, key=key_of)),
        time_expressions=tuple(sorted((t for ex in results for t in ex.time_expressions), key=key_of)),
        attributions=tuple(sorted(attributions, key=key_of)),
        claims=tuple(sorted(claims, key=key_of)),
        extras=extras,
    )


# ------------------------------------------------------------------ cache


def _dump(art: Article, ex: ArticleExtraction) -> bytes:
    data = to_dict(ex)
    data["content_hash"] = art.content_hash
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _parse(raw: bytes, art: Article) -> ArticleExtraction | None:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    if data.get("content_hash") != art.content_hash or not art.content_hash:
        return None
    return ArticleExtraction(
        article_id=data["article_id"],
        language=data["language"],
        sentences=tuple(tuple(s) for s in data["sentences"]),  # type: ignore[misc]
        entities=tuple(from_dict(Entity, e) for e in data["entities"]),
        time_expressions=tuple(from_dict(TimeExpression, t) for t in data["time_expressions"]),
        attributions=tuple(from_dict(Attribution, a) for a in data["attributions"]),
        claims=tuple(from_dict(Claim, c) for c in data["claims"]),
        error=data.get("error"),
    )


def _load_cache(store: Any, articles: Iterable[Article]) -> dict[str, ArticleExtraction]:
    if store is None:
        return {}
    arts = {a.id: a for a in articles if a.content_hash}
    raw = store.get_features(CACHE_KIND, cache_version(), list(arts))
    out = {}
    for aid, blob in raw.items():
        ex = _parse(blob, arts[aid])
        if ex is not None:
            out[aid] = ex
    return out


def _save_cache(store: Any, fresh: list[tuple[Article, ArticleExtraction]]) -> None:
    if store is None or not fresh:
        return
    store.put_features(
        CACHE_KIND, cache_version(), ((a.id, _dump(a, ex)) for a, ex in fresh if a.content_hash)
    )
