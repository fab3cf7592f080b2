"""Scrape damage: words and sentences broken across line breaks.

Copying text out of PDFs, print layouts or badly converted HTML breaks lines in
the middle of words ("Marco Rubi" / "o", "negotia-" / "tions") and sentences.
Broken words hide names from entity linking and break sentence splitting, so we
repair them, conservatively: a word is joined only when the text itself (or a
short word list) says the joined form is a word and the fragment is not. No
dictionary package is used: none that ships offline covers Ukrainian and
Russian names, while the article's own words do (a name is usually repeated).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_TERMINAL = frozenset(".!?…:;\"”»'’)]")
_LAST_WORD = re.compile(r"(?<![\w-])([^\W\d_]+)$")
_LAST_HYPHENATED = re.compile(r"(?<![\w-])([^\W\d_]+)-$")
_FIRST_WORD = re.compile(r"^([^\W\d_]+)(?=$|[\s.,;:!?)\]\"”»…]|['’]s\b)")
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
MIN_WRAP_EVIDENCE = 3  # line breaks inside paragraphs before a text counts as hard-wrapped
MIN_WRAPPED_LINE = 40  # a line shorter than this is a heading or dateline, never unwrapped


@dataclass(frozen=True)
class WordLists:
    short: frozenset[str]
    hyphen_keep: frozenset[str]


@lru_cache(maxsize=1)
def load_words() -> WordLists:
    """The ``[short]`` and ``[hyphen-keep]`` lists of ``resources/clean_words.txt``."""
    text = resources.files("storyline.resources").joinpath("clean_words.txt").read_text(encoding="utf-8")
    sections: dict[str, set[str]] = {}
    current = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], set())
        elif current is not None:
            current.update(w.casefold() for w in line.split())
    return WordLists(frozenset(sections.get("short", ())), frozenset(sections.get("hyphen-keep", ())))


def _word_counts(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for w in _WORDS.findall(text):
        counts[w.casefold()] += 1
        if "-" in w:
            counts.update(p.casefold() for p in w.split("-"))
    return counts


def _next_nonblank(lines: list[str | None], i: int) -> int:
    j = i + 1
    while j < len(lines) and not (lines[j] or "").strip():
        j += 1
    return j


def _merge(lines: list[str | None], i: int, j: int, head: str, joiner: str) -> None:
    """Line ``i`` becomes ``head + joiner + lines[j]``; line ``j`` goes (blank lines between stay)."""
    lines[i] = head + joiner + (lines[j] or "").strip()
    lines[j] = None


def _join(lines: list[str | None]) -> str:
    return "\n".join(line for line in lines if line is not None)


def dehyphenate(text: str, words: WordLists | None = None) -> str:
    """Join words hyphenated at a line end: "negotia-" / "tions" → "negotiations".

    The hyphen stays when the first part is a compound prefix ("long-" / "term")
    or when the hyphenated form occurs elsewhere in the text.
    """
    wl = words or load_words()
    lines: list[str | None] = list(text.split("\n"))
    hyphenated = {w.casefold() for w in _WORDS.findall(text) if "-" in w}
    i = 0
    while i < len(lines):
        line = (lines[i] or "").rstrip()
        m = _LAST_HYPHENATED.search(line)
        j = _next_nonblank(lines, i)
        if m is None or j >= len(lines):
            i += 1
            continue
        nxt = (lines[j] or "").strip()
        f = _WORDS.match(nxt)
        if f is None or not nxt[0].islower():
            i += 1
            continue
        first, second = m.group(1), f.group(0).split("-")[0]
        keep = first.casefold() in wl.hyphen_keep or f"{first}-{second}".casefold() in hyphenated
        _merge(lines, i, j, line[:-1], "-" if keep else "")
        # stay on line i: the joined line may end in another break
    return _join(lines)


def join_broken_words(text: str, words: WordLists | None = None) -> str:
    """Join a word split by a bare line break: "Marco Rubi" / "o said" → "Marco Rubio said".

    Joined only when the fragment after the break is not a word of its own (not in
    the short-word list, never seen alone in the text) and either the joined word
    occurs elsewhere in the text, or the part before is capitalised and the
    fragment is one or two letters (a name cut just before its end).
    """
    wl = words or load_words()
    counts = _word_counts(text)
    lines: list[str | None] = list(text.split("\n"))
    for i in range(len(lines)):
        line = (lines[i] or "").rstrip()
        m = _LAST_WORD.search(line)
        j = _next_nonblank(lines, i)
        if m is None or j >= len(lines):
            continue
        nxt = (lines[j] or "").strip()
        f = _FIRST_WORD.match(nxt)
        if f is None or not f.group(1).islower():
            continue
        head, frag = m.group(1), f.group(1)
        joined = (head + frag).casefold()
        if frag.casefold() in wl.short or counts[frag.casefold()] > 1:
            continue
        seen_joined = counts[joined] > 0
        name_cut = head[0].isupper() and head[1:].islower() and len(frag) <= 2 and len(head) >= 3
        if seen_joined or name_cut:
            _merge(lines, i, j, line, "")
    return _join(lines)


def join_split_sentences(text: str) -> str:
    """Join lines that break a sentence: no terminal punctuation, next line starts lower-case.

    When the text marks paragraphs with blank lines, lines inside one paragraph
    that look hard-wrapped (long, no terminal punctuation) are joined too.
    """
    lines: list[str | None] = list(text.split("\n"))
    blocks = "\n\n" in re.sub(r"\n[ \t]+\n", "\n\n", text.strip()) and _looks_hard_wrapped(text)
    widest = _block_widths(lines) if blocks else {}
    i = 0
    while i < len(lines):
        line = (lines[i] or "").rstrip()
        if not line or line[-1] in _TERMINAL:
            i += 1
            continue
        j = _next_nonblank(lines, i)
        if j >= len(lines):
            break
        nxt = (lines[j] or "").strip()
        wrapped = (j == i + 1 and blocks and len(line) >= MIN_WRAPPED_LINE
                   and len(line) >= 0.6 * widest.get(i, 0) and nxt[:1].isalnum())
        if nxt[:1].islower() or wrapped:
            _merge(lines, i, j, line, " ")
            continue
        i += 1
    return _join(lines)


def _looks_hard_wrapped(text: str) -> bool:
    """Whether lines inside blank-line-delimited paragraphs mostly break mid-sentence.

    Wrapping at a fixed width leaves most line breaks inside paragraphs without
    terminal punctuation, and many of them before a lower-case word. A dateline
    over a headline, or a list of headlines, has the first but not the second.
    """
    pairs = open_ends = lower_next = 0
    for block in re.split(r"\n\s*\n", text):
        rows = [r.strip() for r in block.strip().split("\n") if r.strip()]
        for row, nxt in zip(rows, rows[1:], strict=False):
            pairs += 1
            if row[-1] not in _TERMINAL:
                open_ends += 1
                lower_next += nxt[0].islower()
    return (open_ends >= MIN_WRAP_EVIDENCE and open_ends >= 0.5 * pairs
            and lower_next >= max(2, 0.3 * open_ends))


def _block_widths(lines: list[str | None]) -> dict[int, int]:
    """For each line, the length of the longest line of its blank-line-delimited block."""
    out: dict[int, int] = {}
    start = 0
    for k in range(len(lines) + 1):
        if k == len(lines) or not (lines[k] or "").strip():
            width = max((len((lines[x] or "").strip()) for x in range(start, k)), default=0)
            for x in range(start, k):
                out[x] = width
            start = k + 1
    return out


__all__ = ["WordLists", "dehyphenate", "join_broken_words", "join_split_sentences", "load_words"]
