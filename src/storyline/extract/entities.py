"""Named entities (PERSON / ORG / GPE / LOC / NORP) with roles, and role descriptors.

English uses spaCy's NER. Other languages get a light fallback (runs of
capitalised words not at a sentence start, label "MISC"): we chose not to ship
a second NER stack (natasha for Russian) before the rest of the pipeline uses
non-English entities; adding one is a new ``_entities_<lang>`` function here.

A role is the title written next to a name ("Secretary of State Marco Rubio",
"Marco Rubio, the secretary of state") and is kept on the entity; a descriptor
("the Ukrainian president") becomes a PERSON entity with that role and no name,
for :mod:`storyline.extract.canonical` to tie to a named person.
"""

from __future__ import annotations

import re
from typing import Any

from storyline.extract.lexicon import Lexicon
from storyline.records import Entity

LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP"}
_QUALIFIER = r"(?-i:(?:(?:[A-Z][\w.'\u2019-]*|U\.S\.)[ \t]+)?)"


def _role_regexes(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    alts = "|".join(re.escape(r) for r in lex.roles)
    before = re.compile(rf"({_QUALIFIER}(?:{alts}))[ \t]*$", re.IGNORECASE)
    after = re.compile(rf"^,\s+(?:the|a|an)\s+({_QUALIFIER}(?:{alts}))\b", re.IGNORECASE)
    descriptor = re.compile(rf"\b[Tt]he\s+({_QUALIFIER}(?:{alts}))\b(?!\s+(?-i:[A-Z]))", re.IGNORECASE)
    return before, after, descriptor


_ROLE_CACHE: dict[str, tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]] = {}


def _regexes(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    if lex.lang not in _ROLE_CACHE:
        _ROLE_CACHE[lex.lang] = _role_regexes(lex)
    return _ROLE_CACHE[lex.lang]


def entities_from_doc(article_id: str, text: str, doc: Any, lex: Lexicon | None) -> list[Entity]:
    """Entities of a parsed article, with roles and role descriptors added."""
    out: list[Entity] = []
    role_spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        start, end, label = ent.start_char, ent.end_char, ent.label_
        if lex is not None and label == "PERSON":
            start = _skip_cue_word(text, start, end, lex)
        role = None
        if lex is not None and lex.roles and label == "PERSON":
            start, role = _split_role(text, start, end, lex)
            if role and text.rfind(role, max(0, start - len(role) - 2), start) >= 0:
                role_spans.append((text.rfind(role, 0, start), start))
        out.append(Entity(article_id, text[start:end], label, start, end, role=role))
    # "State" in "Secretary of State Marco Rubio" is part of a role, not an organisation
    out = [
        e
        for e in out
        if e.label == "PERSON" or not any(lo <= e.start and e.end <= hi for lo, hi in role_spans)
    ]
    if lex is not None and lex.roles:
        out.extend(_descriptors(article_id, text, out, lex))
    out.sort(key=lambda e: (e.start, e.end))
    return out


def _skip_cue_word(text: str, start: int, end: int, lex: Lexicon) -> int:
    """Start of a PERSON span without an inflected cue word the model took in ("Said Ilka Moravec:").

    Only inflected forms ("said", "says", "told") are dropped, never a base form,
    which can be a first name ("Hope").
    """
    first, space, rest = text[start:end].partition(" ")
    lemma = lex.cue_lemma(first)
    if space and rest[:1].isupper() and lemma is not None and lemma != first.lower():
        return start + len(first) + 1
    return start


def _split_role(text: str, start: int, end: int, lex: Lexicon) -> tuple[int, str | None]:
    before, after, _ = _regexes(lex)
    inside = text[start:end]
    # a title the NER kept inside the entity ("Sen. John Smith")
    for role in lex.roles:
        if inside.lower().startswith(role + " ") and len(inside) > len(role) + 1:
            new_start = start + len(role) + 1
            return new_start, text[start : new_start - 1]
    window = text[max(0, start - 60) : start]
    m = before.search(window)
    if m:
        return start, m.group(1).strip()
    m = after.match(text[end : end + 80])
    if m:
        return start, m.group(1).strip()
    return start, None


def _descriptors(article_id: str, text: str, named: list[Entity], lex: Lexicon) -> list[Entity]:
    _, _, descriptor = _regexes(lex)
    taken = [(e.start, e.end) for e in named if e.label in ("PERSON", "ORG")]
    out = []
    for m in descriptor.finditer(text):
        s, e = m.start(1), m.end(1)
        if any(a < e and s < b for a, b in taken):
            continue
        # "the president's" is fine; "the president of the club" is too, it stays a descriptor
        out.append(Entity(article_id, text[m.start() : e], "PERSON", m.start(), e, role=m.group(1)))
    return out


_WORDS = re.compile(r"[^\W\d_][\w'\u2019.-]*")
_LINKS = {"of", "de", "von", "van", "al", "bin", "la", "le", "del", "der"}


def fallback_entities(article_id: str, text: str, sentences: list[tuple[int, int]]) -> list[Entity]:
    """Runs of capitalised words not opening a sentence (no NER model for the language).

    Works for any script with letter case (Latin, Cyrillic, Greek).
    """
    starts = {s for s, _ in sentences}
    out: list[Entity] = []
    run: list[re.Match[str]] = []

    def flush() -> None:
        while run and run[-1].group(0).lower() in _LINKS:
            run.pop()
        if run:
            s, e = run[0].start(), run[-1].end()
            e -= len(text[s:e]) - len(text[s:e].rstrip("."))
            out.append(Entity(article_id, text[s:e], "MISC", s, e))
        run.clear()

    for m in _WORDS.finditer(text):
        w = m.group(0)
        opens = m.start() in starts or (
            m.start() > 0 and m.start() - 1 in starts and not text[m.start() - 1].isspace()
        )
        gap_ok = bool(run) and text[run[-1].end() : m.start()] in (" ", "\u00a0")
        if w[0].isupper() and not opens:
            if run and not gap_ok:
                flush()
            run.append(m)
        elif run and gap_ok and w.lower() in _LINKS:
            run.append(m)
        else:
            flush()
    flush()
    return out
