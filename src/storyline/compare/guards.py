"""Statements a position should not be read from, though the extract stage attributed them.

Two guards, both cheap and both preferring a miss to a wrong position:

* a pronoun speaker whose gender conflicts with how the storyline's articles
  refer to the resolved actor: "She said ..." resolved to the man named just
  before is a resolution error, and reading it would give him her position;
* a recap: a statement reported with a past-perfect cue ("she had said",
  "had offered"), or dated only before its story began ("last month she
  said ..."), restates an earlier position; counting it in the later story
  would hide the change the storyline is about.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from storyline.records import Article, Attribution, Entity, TimeExpression

_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_HONORIFIC = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f"}
_PRONOUN = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_WINDOW = 160  # characters after a name searched for the pronoun that refers back to it
MIN_VOTES = 2


def _gender_of_pronoun(word: str) -> str | None:
    low = word.lower()
    return "m" if low in _MALE else "f" if low in _FEMALE else None


def genders(articles: dict[str, Article], entities: Iterable[Entity]) -> dict[str, str]:
    """Last name (lower-case) → "m" | "f", where the storyline's text agrees on it.

    Each mention of a person votes with the first personal pronoun after it,
    before the next person is named, and with an honorific before it; a name
    needs ``MIN_VOTES`` votes, two thirds of them one way.
    """
    by_article: dict[str, list[Entity]] = {}
    for e in entities:
        if e.label == "PERSON" and e.article_id in articles:
            by_article.setdefault(e.article_id, []).append(e)
    votes: dict[str, Counter[str]] = {}
    for aid, ents in by_article.items():
        text = articles[aid].text
        ents.sort(key=lambda e: e.start)
        for k, e in enumerate(ents):
            words = re.findall(r"[\w'-]+", e.canonical or e.text)
            if not words:
                continue
            name = words[-1].lower()
            stop = min(ents[k + 1].start if k + 1 < len(ents) else len(text), e.end + _WINDOW)
            m = _PRONOUN.search(text, e.end, stop)
            g = _gender_of_pronoun(m.group(1)) if m else None
            before = text[max(0, e.start - 5) : e.start].strip().split()
            h = _HONORIFIC.get(before[-1].lower()) if before else None
            for vote in (g, h):
                if vote:
                    votes.setdefault(name, Counter())[vote] += 1
    out: dict[str, str] = {}
    for name, c in votes.items():
        total = sum(c.values())
        top, n = c.most_common(1)[0]
        if total >= MIN_VOTES and n * 3 >= total * 2:
            out[name] = top
    return out


def wrong_pronoun(att: Attribution, known: dict[str, str]) -> bool:
    """Whether ``att``'s speaker was written as a pronoun of the other gender than its actor's."""
    span = (att.speaker_span or "").strip()
    said = _gender_of_pronoun(span) if " " not in span else None
    if said is None or not att.speaker:
        return False
    words = re.findall(r"[\w'-]+", att.speaker)
    actual = known.get(words[-1].lower()) if words else None
    return actual is not None and actual != said


def recap(att: Attribution, article_text: str | None = None) -> bool:
    """Whether ``att`` is reported in the past perfect ("she had said that ..."): an earlier position retold."""
    cue = (att.cue or "").split()
    if not cue:
        return False
    context = (
        article_text[max(0, att.speaker_start - 40) : att.start]
        if article_text and att.speaker_start >= 0
        else ""
    )
    where = " ".join(x for x in (context, att.sentence) if x)
    return (
        re.search(rf"\bhad\s+(?:\w+ly\s+|already\s+|just\s+)?{re.escape(cue[0])}\b", where, re.IGNORECASE)
        is not None
    )


def keep(
    atts: Sequence[Attribution], articles: dict[str, Article], known: dict[str, str]
) -> list[Attribution]:
    """``atts`` without those either guard rejects."""
    return [
        a
        for a in atts
        if not wrong_pronoun(a, known)
        and not recap(a, articles[a.article_id].text if a.article_id in articles else None)
    ]


RECAP_DAYS = 3  # a statement dated this many days or more before its story began is a recap


def dated_earlier(
    atts: Sequence[Attribution],
    articles: dict[str, Article],
    times: Iterable[TimeExpression],
    began: dict[str, str],
) -> set[str]:
    """Ids of attributions whose sentence is dated only before their story began.

    "Last month she said Ostmark could stay neutral", in a story that began
    today, is an earlier position retold: every time expression resolved in
    its sentence (a range by its end) lies ``RECAP_DAYS`` or more before the
    story's ``first_seen`` (``began``: article id → that date). A sentence
    also dated in the story's own days ("on Tuesday ..., three weeks ago")
    is current.
    """
    by_article: dict[str, list[TimeExpression]] = {}
    for t in times:
        if t.value and not t.relative:
            by_article.setdefault(t.article_id, []).append(t)
    out: set[str] = set()
    for att in atts:
        start_day = began.get(att.article_id)
        art = articles.get(att.article_id)
        if not start_day or art is None or not att.sentence or att.article_id not in by_article:
            continue
        lo = art.text.find(att.sentence)
        if lo < 0:
            continue
        hi = lo + len(att.sentence)
        ends = [
            t.value.split("/")[-1][:10] for t in by_article[att.article_id] if lo <= t.start < hi and t.value
        ]
        try:
            limit = (date.fromisoformat(start_day[:10]) - timedelta(days=RECAP_DAYS)).isoformat()
        except ValueError:
            continue
        if ends and all(e < limit for e in ends):
            out.add(att.id)
    return out
