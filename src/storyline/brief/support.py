"""Does a briefing sentence say only what its cited source sentences say?

The check is deliberately simple and strict, because the briefing is
extractive: the content of a sentence (its text minus the documented frame,
see :mod:`.frames`) must draw its content words from the cited source
sentences, and every cited source sentence must occur verbatim in the cited
article's text. The score is the share of the content's content words (case-
folded word tokens that are not stop words; numbers count) found in the cited
sentences; a sentence below the threshold, with no content word, or with a
citation that is not in its article, is unsupported and the stage drops it.

Stop words are scikit-learn's English list (a maintained list, used from the
installed library, not copied); in other languages every word counts, which
only makes the check stricter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyline.brief.frames import split
from storyline.records import Article, BriefSentence, Citation

THRESHOLD = 0.8
_WORD = re.compile(r"\w+", re.U)
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def content_words(text: str) -> frozenset[str]:
    """Case-folded word tokens that carry content: not stop words, not one letter (digits kept).

    Cached: the same source sentence is looked at by several sections.
    """
    out = set()
    for tok in _WORD.findall(text.casefold()):
        if tok in ENGLISH_STOP_WORDS or (len(tok) == 1 and not tok.isdigit()) or tok == "_":
            continue
        out.add(tok)
    return frozenset(out)


def overlap(content: str, sources: Iterable[str]) -> float | None:
    """Share of ``content``'s content words found in ``sources``; None when it has none."""
    words = content_words(content)
    if not words:
        return None
    have: set[str] = set()
    for s in sources:
        have |= content_words(s)
    return len(words & have) / len(words)


def normalise(text: str) -> str:
    """Whitespace collapsed, for comparing a cited sentence with article text."""
    return _SPACE.sub(" ", text).strip()


def cited_verbatim(citation: Citation, articles: Mapping[str, Article]) -> bool:
    """True when the citation's source sentence occurs in its article's text."""
    article = articles.get(citation.article_id)
    sentence = citation.source_sentence
    if article is None or not sentence.strip():
        return False
    return sentence in article.text or normalise(sentence) in normalise(article.text)


@dataclass(frozen=True, slots=True)
class Verdict:
    support: float | None
    reason: str  # "ok" | "no-citation" | "not-in-article" | "no-content" | "below-threshold"

    @property
    def ok(self) -> bool:
        return self.reason == "ok"


def check(
    sentence: BriefSentence, articles: Mapping[str, Article] | None = None, threshold: float = THRESHOLD
) -> Verdict:
    """Whether ``sentence`` is supported by its citations (see the module docstring).

    ``articles`` enables the verbatim check of each citation; without it only the
    word overlap is checked (e.g. when rechecking an export whose articles are gone).
    """
    if not sentence.citations:
        return Verdict(None, "no-citation")
    if articles is not None and not all(cited_verbatim(c, articles) for c in sentence.citations):
        return Verdict(None, "not-in-article")
    _, content = split(sentence.text, sentence.section)
    score = overlap(content, (c.source_sentence for c in sentence.citations))
    if score is None:
        return Verdict(None, "no-content")
    score = round(score, 3)
    return Verdict(score, "ok" if score >= threshold else "below-threshold")
