"""Source sentences: the unit a briefing quotes and cites.

Claims, attributions and time expressions point at character offsets of an
article's cleaned text; the briefing quotes the whole sentence(s) around such a
span, taken verbatim from the text. Sentences are split with the extract
stage's own splitter (syntok, never crossing a paragraph), so the briefing's
sentence boundaries agree with the rest of the pipeline.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass

from storyline.extract.nlp import split_sentences
from storyline.records import Article

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class SourceSentence:
    """A span of whole sentences of one article, with its verbatim text."""

    article_id: str
    start: int
    end: int
    text: str
    index: int  # position of its first sentence in the article (0 = lead)

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.article_id, self.start, self.end)


class SentenceIndex:
    """Sentence spans per article, split lazily and kept for the stage's run."""

    def __init__(self, articles: Mapping[str, Article]) -> None:
        self.articles = articles
        self._spans: dict[str, list[tuple[int, int]]] = {}
        self._ends: dict[str, list[int]] = {}

    def spans(self, article_id: str) -> list[tuple[int, int]]:
        if article_id not in self._spans:
            art = self.articles.get(article_id)
            self._spans[article_id] = split_sentences(art.text) if art is not None and art.text else []
            self._ends[article_id] = [e for _, e in self._spans[article_id]]
        return self._spans[article_id]

    def around(self, article_id: str, start: int, end: int) -> SourceSentence | None:
        """The sentence(s) covering ``[start, end)``; None when the offsets fit no sentence."""
        art = self.articles.get(article_id)
        if art is None or start < 0 or end <= start or end > len(art.text):
            return None
        spans = self.spans(article_id)
        ends = self._ends[article_id]
        hits = []
        for i in range(bisect_right(ends, start), len(spans)):  # first span ending after start
            s, e = spans[i]
            if s >= end:
                break
            hits.append((i, s, e))
        if not hits:
            return None
        lo, hi = hits[0][1], hits[-1][2]
        return SourceSentence(article_id, lo, hi, art.text[lo:hi], hits[0][0])

    def first(self, article_id: str) -> SourceSentence | None:
        """The article's lead sentence."""
        spans = self.spans(article_id)
        art = self.articles.get(article_id)
        if not spans or art is None:
            return None
        s, e = spans[0]
        return SourceSentence(article_id, s, e, art.text[s:e], 0)

    def find(self, article_id: str, text: str) -> SourceSentence | None:
        """The sentence(s) of an article holding ``text`` (whitespace-insensitive); None if absent."""
        art = self.articles.get(article_id)
        needle = text.strip()
        if art is None or not needle:
            return None
        at = art.text.find(needle)
        if at < 0:
            return None
        return self.around(article_id, at, at + len(needle))


def clip(text: str, max_words: int) -> str:
    """One line of at most ``max_words`` words; a cut is marked with an ellipsis.

    A clipped sentence says less than its source, never more, so it stays supported.
    """
    words = _SPACE.sub(" ", text).strip().split(" ")
    if len(words) <= max_words:
        return " ".join(words)
    return " ".join(words[:max_words]).rstrip(",;:") + " …"
