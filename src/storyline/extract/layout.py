"""Attribution rules that read the layout, not the parse: quote marks and lines.

``Name: what they said`` lines (headlines, transcripts), quotes signed with a
dash, content grown to the whole quote it runs into, and a quote continued
after its cue (``"A," she said. "B."``). Shared by the parsed (English) path
in :mod:`storyline.extract.attributions`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.extract.lexicon import Lexicon
from storyline.extract.quotes import Quote
from storyline.extract.speakers import known_person
from storyline.records import Entity

TRIM = " \t\n,;:\u2014\u2013-"
MIN_QUOTE_WORDS = 4
MAX_GAP_WORDS = 40  # '"A," she said. "B."' is one attribution when at most this many words part A and B
_HEADLINE = re.compile(r"^[\"\u201c]?([A-Z][^:\n]{1,40}?):\s+(\S[^\n]{10,})$", re.M)
_SIGNED = re.compile(
    r"[\s\u00a0]*([\u2015\u2014\u2013]|--)[\s\u00a0]*((?:[A-Z][\w.'\u2019-]*[ \u00a0]?){1,4})"
)


@dataclass(slots=True)
class Raw:
    """An attribution before its speaker is resolved (offsets into the article text)."""

    start: int
    end: int
    cue: str | None
    cue_lemma: str | None
    cue_at: int
    speaker_start: int = -1
    speaker_end: int = -1
    sent_start: int = -1
    sent_end: int = -1
    antecedent: tuple[int, int] | None = None  # what a relative-pronoun speaker ("who") stands for
    cited: tuple[int, int] | None = None  # the source a report relays ("..., citing a senior official")


def headlines(text: str, entities: list[Entity], lex: Lexicon | None = None) -> list[Raw]:
    """A whole line ``Name: what they said`` (headline or transcript style).

    The part before the colon must be a name (mostly covered by a PERSON / ORG /
    GPE / NORP entity) or an all-capitals transcript speaker ("MORALES:"), so
    "Editor's note:" or "Still to come:" are not speakers. A surname the NER missed but the
    article names in full elsewhere ("Ruiz:" before "Ana Ruiz"), or a document or source
    noun ("Poll:", "Officials:"), also speaks.
    """
    out = []
    for m in _HEADLINE.finditer(text):
        name = m.group(1)
        if len(name.split()) > 5:
            continue
        covered = sum(
            min(e.end, m.end(1)) - max(e.start, m.start(1))
            for e in entities
            if e.start < m.end(1) and m.start(1) < e.end and e.label in ("PERSON", "ORG", "GPE", "NORP")
        )
        if (
            covered < 0.5 * len(name)
            and not (name.isupper() and any(c.isalpha() for c in name))
            and not _speaker_words(name, entities, lex)
        ):
            continue
        r = Raw(m.start(2), m.end(2), ":", ":", m.end(1), m.start(1), m.end(1))
        r.sent_start, r.sent_end = m.start(), m.end()
        out.append(r)
    return out


def _speaker_words(name: str, entities: list[Entity], lex: Lexicon | None) -> bool:
    if known_person(name, entities) is not None:
        return True
    if lex is None:
        return False
    last = name.split()[-1].lower()
    return last in lex.doc_nouns or last in lex.anonymous_heads or last in lex.outlet_nouns


def signed_quotes(text: str, quotes: list[Quote], raws: list[Raw]) -> list[Raw]:
    """A quote signed with a dash and a name: ``"...." ― Ana Ruiz`` (letters, tweets, vox pops)."""
    out = []
    for q in quotes:
        m = _SIGNED.match(text, q.close_at + 1)
        if m is None or any(r.start <= q.start < r.end for r in raws):
            continue
        name_start, name_end = m.start(2), m.start(2) + len(m.group(2).rstrip(" .\u00a0"))
        r = Raw(q.start, q.end, m.group(1), "dash", m.start(1), name_start, name_end)
        r.sent_start, r.sent_end = q.open_at, name_end
        out.append(r)
    return out


def extend_to_quotes(r: Raw, quotes: list[Quote]) -> Raw:
    """Content that runs into a long quote takes the whole quote (quotes across sentences)."""
    for q in quotes:
        if q.end - q.start < 20 or q.open_at <= r.cue_at <= q.close_at:
            continue
        if q.start <= r.start < q.end or q.start < r.end <= q.end:
            r.start, r.end = min(r.start, q.start), max(r.end, q.end)
    return r


def continue_quotes(
    raws: list[Raw], quotes: list[Quote], text: str, cue_forms: dict[str, str] | None = None
) -> list[Raw]:
    """Quotes no rule claimed: join them to the quote just before (same speaker) or make their own.

    A cue word written between the two (``"A," he said, adding later, "B."``) makes B its
    own attribution with that cue, not a continuation of A.
    """
    raws = sorted(raws, key=lambda r: r.start)
    for q in quotes:
        if q.words(text) < MIN_QUOTE_WORDS:
            continue
        if any(r.start <= q.start < r.end or q.start <= r.start < q.end for r in raws):
            continue
        prev = [r for r in raws if r.end <= q.open_at and q.open_at - r.end < 600]
        if not prev or "\n\n" in text[prev[-1].end : q.open_at]:
            continue
        src = prev[-1]
        between = text[src.end : q.open_at]
        later = _later_cue(text, src, q.open_at, cue_forms or {})
        if later is not None:
            r = Raw(q.start, q.end, later.group(0), (cue_forms or {})[later.group(0).lower()], later.start())
            r.speaker_start, r.speaker_end = src.speaker_start, src.speaker_end
            r.sent_start, r.sent_end = src.sent_start if src.sent_start >= 0 else q.open_at, q.close_at + 1
            r.sent_end = min(len(text), r.sent_end)
            raws.append(r)
            raws.sort(key=lambda r: r.start)
            continue
        if src.cue_at >= src.end and "\n" not in between and len(between.split()) <= MAX_GAP_WORDS:
            src.end = q.end  # "A," he said. "B."  -> one attribution
            src.sent_end = max(src.sent_end, min(len(text), q.close_at + 1))
            continue
        r = Raw(q.start, q.end, src.cue, src.cue_lemma, src.cue_at, src.speaker_start, src.speaker_end)
        r.sent_start, r.sent_end = q.open_at, min(len(text), q.close_at + 1)
        raws.append(r)
        raws.sort(key=lambda r: r.start)
    return raws


_WORD_RX = re.compile(r"[A-Za-z]+")


def _later_cue(text: str, src: Raw, until: int, cue_forms: dict[str, str]) -> re.Match[str] | None:
    """A cue word after ``src``'s own cue and before ``until`` in the same paragraph ("adding")."""
    if src.cue_at < src.end:
        return None
    lo = src.cue_at + len(src.cue or "")
    if "\n" in text[lo:until]:
        return None
    for m in _WORD_RX.finditer(text, lo, until):
        before = text[lo : m.start()].rstrip()
        # a new clause of the same speaker: ", adding", "and added", "then said"
        if m.group(0).lower() in cue_forms and (
            before.endswith(",")
            or before.lower().endswith((" and", " then"))
            or before.lower() in ("and", "then")
        ):
            return m
    return None


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end
