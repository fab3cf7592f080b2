"""Article text cut into paragraphs of plain and highlighted pieces, by offsets.

The page highlights what was said (and who said it) straight from the
attributions' character offsets into the cleaned text, so what is shown is
exactly what the analysis points at. Pieces stay plain strings; the template
escapes them, so no article text is ever markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from storyline.records import Attribution


@dataclass(frozen=True)
class Piece:
    text: str
    kind: str = ""  # "" | "said" | "speaker"
    note: str = ""  # tooltip: who said it, with which cue
    ref: str = ""  # attribution id


def spans_of(text: str, attributions: Sequence[Attribution]) -> list[tuple[int, int, str, str, str]]:
    """Non-overlapping (start, end, kind, note, ref) spans inside ``text``, earliest first."""
    raw = []
    n = len(text)
    for a in attributions:
        who = a.speaker or a.speaker_span or "unknown speaker"
        note = f"{who} ({a.speaker_kind})" + (f" — {a.cue}" if a.cue else "")
        if 0 <= a.start < a.end <= n:
            raw.append((a.start, a.end, "said", note, a.id))
        if 0 <= a.speaker_start < a.speaker_end <= n:
            raw.append((a.speaker_start, a.speaker_end, "speaker", note, a.id))
    raw.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[tuple[int, int, str, str, str]] = []
    last = 0
    for span in raw:
        if span[0] >= last:
            out.append(span)
            last = span[1]
    return out


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


def safe_href(url: str | None) -> str | None:
    """The URL if it is a plain http(s) address, else None (never a javascript: or data: link)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None
