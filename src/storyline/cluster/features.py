"""Cheap per-article signals for story clustering: weighted terms and name-like tokens.

Why hand-written and not scikit-learn's TfidfVectorizer: a stream has no corpus
to ``fit`` on. :class:`TermStats` keeps document frequencies that grow as
articles arrive, so the weight of a term is what the stream has seen so far —
the same article gets the same terms in a rerun because the order is the same.

Names: a capitalised word that does not open a sentence ("Harwick", "NATO") is a
strong clue that two reports are about the same event. spaCy NER would find
them better, but at ~340 sentences/s on 2 cores (shared/MODELS.md) it costs tens
of milliseconds per article, against well under a millisecond for the regex
here, and only for English; the regex works for any
language written with upper and lower case, Cyrillic included.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.resources import files

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyline.records import Article

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?", re.UNICODE)
_SENT_END = re.compile(r"[.!?:;\"“”«»]\s*$")


def _extra_stop_words() -> frozenset[str]:
    text = (files("storyline") / "resources" / "cluster_stop_en.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


_STOP = frozenset(ENGLISH_STOP_WORDS) | _extra_stop_words()


def cluster_text(article: Article, lead_chars: int = 600) -> str:
    """Title + lead: the part of a report that names the event (bodies drift to background)."""
    return f"{article.title or ''}\n{(article.text or '')[:lead_chars]}"


_TOKEN = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?|\d(?:[\d,.]*\d)?", re.UNICODE)


def _content_tokens(text: str, numbers: bool) -> list[str]:
    """Lower-cased content words (stop words out) and, with ``numbers``, numbers of 2+ digits.

    Numbers tell apart recurring events that share every word (this week's jobless
    claims against last week's, one vote count against another); separators are
    dropped so "473,000" and "473000" are one token.
    """
    out = []
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if tok[0].isdigit():
            digits = tok.replace(",", "").rstrip(".")
            if numbers and len(digits) > 1:
                out.append(digits)
            continue
        low = tok.casefold()
        if len(low) > 2 and low not in _STOP:
            out.append(low)
    return out


def terms(
    text: str, title_weight: int = 2, title: str = "", numbers: bool = True, bigrams: bool = True
) -> Counter[str]:
    """Content words of ``text`` (+ numbers, + adjacent-pair bigrams); title terms count ``title_weight`` times.

    Bigrams are pairs of neighbouring content tokens once stop words are out (as
    scikit-learn forms them): "eviction moratorium", "jobless claims".
    """

    def count(t: str) -> Counter[str]:
        toks = _content_tokens(t, numbers)
        c = Counter(toks)
        if bigrams:
            c.update(f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False))
        return c

    out = count(text)
    if title and title_weight > 1:
        for t, n in count(title).items():
            out[t] += n * (title_weight - 1)
    return out


def _magnitudes() -> tuple[tuple[str, str], ...]:
    text = (files("storyline") / "resources" / "cluster_magnitudes.txt").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return tuple((stem.strip().casefold(), tag.strip()) for stem, tag in rows)


_MAGNITUDES = _magnitudes()


def figures(text: str) -> frozenset[str]:
    """Figures of ``text``: numbers of 3+ digits ("473,000" -> "473000"; years 1900-2099 left out)
    and numbers with a scale word ("20 million" -> "20m", "1,2 млрд" -> "1.2b"; resources/cluster_magnitudes.txt).

    A recurring event is retold each time with new figures (this week's claims
    count, this round's offer); two reports whose figures share none are likely
    two rounds, not one. Years are shared by every round, so they say nothing.
    """
    out = set()
    toks = [m.group(0) for m in _TOKEN.finditer(text)]
    for i, tok in enumerate(toks):
        if not tok[0].isdigit():
            continue
        nxt = toks[i + 1].casefold() if i + 1 < len(toks) else ""
        tag = (
            next((t for stem, t in _MAGNITUDES if nxt.startswith(stem)), None) if nxt[:1].isalpha() else None
        )
        if tag:
            out.add(tok.rstrip(".").replace(",", ".") + tag)
            continue
        digits = tok.replace(",", "").rstrip(".")
        if len(digits) < 3 or (len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) < 2100):
            continue
        out.add(digits)
    return frozenset(out)


def names(text: str) -> frozenset[str]:
    """Name-like tokens: capitalised words that do not start a sentence or line, lower-cased."""
    found: set[str] = set()
    for line in text.split("\n"):
        prev_end = 0
        first = True
        for m in _WORD.finditer(line):
            word = m.group(0)
            starts_sentence = first or bool(_SENT_END.search(line[prev_end : m.start()]))
            first = False
            prev_end = m.end()
            if starts_sentence or len(word) < 2 or not word[0].isupper():
                continue
            low = word.casefold()
            if low not in _STOP:
                found.add(low)
    return frozenset(found)


def parse_when(value: str | None) -> datetime | None:
    """A naive-UTC datetime from an ISO date or date-time; None when absent or unreadable."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt


@dataclass
class TermStats:
    """Document frequencies that grow with the stream; weights are sublinear tf × idf."""

    docs: int = 0

    def __post_init__(self) -> None:
        self.df: Counter[str] = Counter()

    def add(self, counts: Counter[str]) -> None:
        self.docs += 1
        self.df.update(counts.keys())

    def idf(self, term: str) -> float:
        return math.log((self.docs + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def weigh(self, counts: Counter[str]) -> dict[str, float]:
        """L2-normalised tf-idf weights of one document under the current frequencies."""
        vec = {t: (1.0 + math.log(c)) * self.idf(t) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}


__all__ = ["TermStats", "cluster_text", "figures", "names", "parse_when", "terms"]
