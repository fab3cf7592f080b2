"""Article text cut into paragraphs of plain and highlighted pieces, by offsets.

The page highlights what was said (and who said it) straight from the
attributions' character offsets into the cleaned text, so what is shown is
exactly what the analysis points at. Pieces stay plain strings; the template
escapes them, so no article text is ever markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storyline.records import Attribution
from storyline.report.text import safe_href, spans_of  # one rule for the report and the UI


@dataclass(frozen=True)
class Piece:
    text: str
    kind: str = ""  # "" | "said" | "speaker"
    note: str = ""  # tooltip: who said it, with which cue
    ref: str = ""  # attribution id


def paragraphs(text: str, attributions: Sequence[Attribution] = ()) -> list[list[Piece]]:
    """The text's paragraphs (split on newlines), each a list of pieces."""
    cuts = spans_of(text, attributions)
    pieces: list[Piece] = []
    pos = 0
    for start, end, kind, note, ref in cuts:
        if start > pos:
            pieces.append(Piece(text[pos:start]))
        pieces.append(Piece(text[start:end], kind, note, ref))
        pos = end
    if pos < len(text):
        pieces.append(Piece(text[pos:]))
    paras: list[list[Piece]] = [[]]
    for piece in pieces:
        lines = piece.text.split("\n")
        for i, line in enumerate(lines):
            if i:
                paras.append([])
            if line:
                paras[-1].append(Piece(line, piece.kind, piece.note, piece.ref))
    return [p for p in paras if p]


__all__ = ["Piece", "paragraphs", "safe_href", "spans_of"]
