"""Quoted passages: typographic “ ” and ‘ ’ pairs and straight " pairs.

Why hand-written: quote pairing is a few lines of scanning, and the libraries
that find quotations (textacy) need a parse and miss quotes that span several
sentences or are left unclosed at a paragraph end (news style for a quote that
runs on into the next paragraph). Offsets are those of the text given.
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN_CLOSE = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c"}
STRAIGHT = '"'


@dataclass(frozen=True, slots=True)
class Quote:
    start: int  # offset of the first character inside the marks
    end: int  # offset just after the last character inside the marks
    open_at: int  # offset of the opening mark
    close_at: int  # offset of the (first character of the) closing mark (== end), or paragraph end

    def words(self, text: str) -> int:
        return len(text[self.start : self.end].split())


def find_quotes(text: str) -> list[Quote]:
    """All quoted passages of ``text`` in order, each within one paragraph.

    A quote opened and not closed before the paragraph's end runs to that end
    (the usual layout of a quote continued in the next paragraph).
    """
    quotes: list[Quote] = []
    offset = 0
    for para in text.split("\n"):
        quotes.extend(_in_paragraph(para, offset))
        offset += len(para) + 1
    return quotes


def _in_paragraph(para: str, offset: int) -> list[Quote]:
    out: list[Quote] = []
    i, n = 0, len(para)
    while i < n:
        ch = para[i]
        if ch in OPEN_CLOSE or (ch == "\u201d" and _misused_opener(para, i)):
            closer = OPEN_CLOSE.get(ch, ch)
            j = para.find(closer, i + 1)
            if j == -1:
                j = n
                if para[i + 1 :].strip():
                    out.append(Quote(offset + i + 1, offset + j, offset + i, offset + j))
                break
            out.append(Quote(offset + i + 1, offset + j, offset + i, offset + j))
            i = j + 1
            continue
        if para.startswith("''", i) or para.startswith("``", i):
            # two apostrophes (or backticks) for a double quote mark, as some archives write them
            j = para.find("''", i + 2)
            if j == -1:
                if para[i + 2 :].strip():
                    out.append(Quote(offset + i + 2, offset + n, offset + i, offset + n))
                break
            out.append(Quote(offset + i + 2, offset + j, offset + i, offset + j))
            i = j + 2
            continue
        if ch == STRAIGHT:
            j = para.find(STRAIGHT, i + 1)
            if j == -1:
                if para[i + 1 :].strip():
                    out.append(Quote(offset + i + 1, offset + n, offset + i, offset + n))
                break
            out.append(Quote(offset + i + 1, offset + j, offset + i, offset + j))
            i = j + 1
            continue
        if ch == "\u2018" and (i == 0 or not para[i - 1].isalnum()):
            # single typographic quotes: the closer must not be an apostrophe inside a word
            j = i + 1
            while True:
                j = para.find("\u2019", j)
                if j == -1 or j + 1 >= n or not para[j + 1].isalnum():
                    break
                j += 1
            if j != -1:
                out.append(Quote(offset + i + 1, offset + j, offset + i, offset + j))
                i = j + 1
                continue
        i += 1
    return out


def _misused_opener(para: str, i: int) -> bool:
    """A closing mark ” written where a quote opens: at the paragraph's start or after a space,
    right before a word (''”Fear. I am afraid.” ― A. Name''), and closed by another ” later."""
    if para[i] != "\u201d" or i + 1 >= len(para) or not para[i + 1].isalnum():
        return False
    return (i == 0 or para[i - 1].isspace()) and para.find("\u201d", i + 1) != -1


def quoted_share(quotes: list[Quote], start: int, end: int) -> float:
    """The share of characters of ``[start, end)`` that lie inside quotes."""
    if end <= start:
        return 0.0
    inside = 0
    for q in quotes:
        lo, hi = max(q.start, start), min(q.end, end)
        if hi > lo:
            inside += hi - lo
    return inside / (end - start)
