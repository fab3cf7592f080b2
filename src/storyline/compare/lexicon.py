"""The compare stage's knowledge, read once from ``storyline/resources`` data files.

Opposite stance verbs, negation cues, reporting verbs and position cues live in
data files (with their provenance in ``resources/README.md``) so no phrase is
tuned in code; this module only parses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_STANCES = ("supports", "opposes", "conditional")


def _lines(name: str) -> list[str]:
    text = resources.files("storyline.resources").joinpath(name).read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


@dataclass(frozen=True)
class Lexicon:
    """Verb polarity groups, negation cues, reporting verbs and position cues."""

    polarity: dict[str, tuple[int, int]]  # lemma -> (group id, +1 | -1)
    negations: frozenset[str]
    reporting: frozenset[str]  # lemmas of reporting verbs ("say", "deny" ...)
    position_cues: tuple[tuple[str, re.Pattern[str]], ...]  # (stance, pattern), longest first
    disputes: frozenset[str] = frozenset()  # verbs by which a later claim disputes an earlier one
    hedges: frozenset[str] = frozenset()  # words before a number that make it approximate

    def verb_polarity(self, lemma: str) -> tuple[str, int]:
        """The comparable key of a verb and its sign: opposite verbs share a key."""
        hit = self.polarity.get(lemma.lower())
        if hit is None:
            return lemma.lower(), 1
        return f"g{hit[0]}", hit[1]


def _merge_groups(rows: list[tuple[str, str, str]]) -> dict[str, tuple[int, int]]:
    """Lines sharing a lemma (with the same sign) become one group, so "accept" in two
    lines makes "reject" and "refuse" opposites of all of that lemma's partners."""
    groups: list[tuple[set[str], set[str]]] = []
    for left, _, right in rows:
        pos, neg = set(left.split()), set(right.split())
        for g in [g for g in groups if g[0] & pos or g[1] & neg]:
            pos |= g[0]
            neg |= g[1]
            groups.remove(g)
        groups.append((pos, neg))
    polarity: dict[str, tuple[int, int]] = {}
    for gid, (pos, neg) in enumerate(groups):
        for lemma in sorted(pos):
            polarity.setdefault(lemma, (gid, 1))
        for lemma in sorted(neg - pos):
            polarity.setdefault(lemma, (gid, -1))
    return polarity


def word_starts(lemmas: frozenset[str] | set[str]) -> re.Pattern[str]:
    """A pattern found in every lower-cased text holding a word whose lemma is one of ``lemmas``.

    English inflection changes at most a lemma's last letter before adding its ending
    ("deny" → "denied", "neutrality" → "neutralities", "dispute" → "disputing"), and
    spaCy's rule lemmatizer only undoes such endings or looks a form up in its table of
    exceptions (none of which maps to a cue lemma); so a word with one of these lemmas
    starts with the lemma less its last letter. Used to skip parsing texts whose parse
    could not matter: no match, no such word.
    """
    stems = sorted({w[:-1] if len(w) > 1 else w for w in lemmas}, key=lambda w: (-len(w), w))
    if not stems:
        return re.compile(r"(?!)")
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in stems) + ")")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Parse the bundled data files once per process."""
    verb_lines = _lines("stance_verbs_en.txt")
    polarity = _merge_groups([ln.partition("|") for ln in verb_lines if not ln.startswith("!")])
    disputes = frozenset(w for ln in verb_lines if ln.startswith("!") for w in ln[1:].split())
    negations = frozenset(ln.strip().lower() for ln in _lines("negation_en.txt"))
    reporting = frozenset(
        ln.split()[0].lower() for ln in _lines("cues_en.txt") if ln[0] not in "=@+" and ln.split()
    )
    cues: list[tuple[str, re.Pattern[str]]] = []
    for line in _lines("position_cues_en.txt"):
        stance, _, cue = line.partition("\t")
        stance, cue = stance.strip(), cue.strip().lower()
        if stance not in _STANCES or not cue:
            raise ValueError(f"position_cues_en.txt: bad line {line!r} (want '<stance>\\t<cue>')")
        cues.append((stance, re.compile(r"(?<![\w'])" + re.escape(cue) + r"(?![\w'])")))
    cues.sort(key=lambda c: -len(c[1].pattern))
    hedges = frozenset(ln.strip().lower() for ln in _lines("hedges_en.txt"))
    return Lexicon(polarity, negations, reporting, tuple(cues), disputes, hedges)
