"""Citation cue words, read once from ``resources/citation_cues_en.txt``.

Why a data file: which words make an outlet's name a citation ("CNN reports",
"according to the WSJ") is knowledge of news style, not code, and another
language only needs another file. The outlet nouns ("the publication", "the
outlet") come from ``outlet_words_en.txt``, shared with the extract stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class CitationCues:
    """Compiled cue patterns around an outlet's name."""

    after: re.Pattern[str]  # matched at the text right after the name
    before: re.Pattern[str]  # matched at the text right before the name (anchored at its end)
    inverted: re.Pattern[str]  # "..., reports CNN," / "says the outlet." (the name must end the clause)
    clause_end: re.Pattern[str]  # what may follow an inverted citation's name
    source: re.Pattern[str]  # "an Axios source", "Politico reporters"
    nouns: re.Pattern[str]  # "the publication", "the outlet": an outlet named earlier
    house: tuple[tuple[str, re.Pattern[str]], ...] = ()  # (outlet, pattern) of wires' house credit lines


def _alternation(phrases: list[str]) -> str:
    parts = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts)


def _lines(name: str) -> list[tuple[str, str]]:
    text = resources.files("storyline.resources").joinpath(name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, rest = line.partition(" ")
            out.append((key, rest.strip()))
    return out


@lru_cache(maxsize=1)
def load_cues() -> CitationCues:
    """The English cue patterns (compiled once per process)."""
    rows = _lines("citation_cues_en.txt")
    pick = {k: [v for kk, v in rows if kk == k] for k in ("after", "before", "inverted", "source", "adverb")}
    after_words = [p for p in pick["after"] if not p.startswith("'")]
    possessive = [p[2:] for p in pick["after"] if p.startswith("'s ")]
    adverb = _alternation(pick["adverb"])
    after = re.compile(
        rf"^(?:['\u2019]s\s+(?:{_alternation(possessive)})\b"
        rf"|,?\s+(?:(?:{adverb})\s+)?(?:{_alternation(after_words)})\b)",
        re.I,
    )
    before = re.compile(rf"\b(?:{_alternation(pick['before'])}):?\s+(?:the\s+)?$", re.I)
    inverted = re.compile(rf"\b(?:{_alternation(pick['inverted'])})\s+(?:the\s+)?$", re.I)
    clause_end = re.compile(r"^\s*(?:$|[,.;:!?)\u201d\"\u2014\u2013-])")
    source = re.compile(rf"^\s+(?:{_alternation(pick['source'])})\b", re.I)
    nouns = [v for k, v in _lines("outlet_words_en.txt") if k == "noun" and not v.endswith("'s")]
    noun_re = re.compile(rf"\b(?:the|that|this)\s+(?:{_alternation(nouns)})\b", re.I)
    house = tuple(
        (outlet.strip(), re.compile(regex.strip()))
        for outlet, _, regex in (v.partition(" | ") for k, v in rows if k == "house")
    )
    return CitationCues(
        after=after,
        before=before,
        inverted=inverted,
        clause_end=clause_end,
        source=source,
        nouns=noun_re,
        house=house,
    )
