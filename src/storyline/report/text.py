"""Article text cut into plain and highlighted pieces by attribution offsets, plus safe links.

The report highlights what was said (and who said it) straight from the
attributions' character offsets into the cleaned text, so what is shown is
exactly what the analysis points at. Pieces stay plain strings and the
template escapes them: highlighting never builds markup out of article text,
so it cannot break escaping. (The web UI has the same idea in
``storyline.api.textview``; the report keeps its own copy so this adapter does
not import the API package and its FastAPI dependency.)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from storyline.records import Attribution


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of article text; ``kind`` is "" (plain), "said" or "speaker"."""

    text: str
    kind: str = ""
    note: str = ""  # tooltip: who said it, with which cue
    ref: str = ""  # attribution id
    cited: str = ""  # anchor of the briefing-cited sentence this run belongs to
    anchor: bool = False  # this run starts that sentence: the anchor goes here


def spans_of(text: str, attributions: Sequence[Attribution]) -> list[tuple[int, int, str, str, str]]:
    """Non-overlapping (start, end, kind, note, ref) spans inside ``text``, earliest first.

    Spans whose offsets fall outside the text are skipped (never clamped: a
    wrong offset must not highlight the wrong words); where two overlap the
    earlier (then the longer) wins.
    """
    raw = []
    n = len(text)
    for a in attributions:
        who = a.speaker or a.speaker_span or "unknown speaker"
        note = f"{who} ({a.speaker_kind})" + (f" — {a.cue}" if a.cue else "")
        if 0 <= a.start < a.end <= n:
            raw.append((a.start, a.end, "said", note, a.id))
        if 0 <= a.speaker_start < a.speaker_end <= n:
            raw.append((a.speaker_start, a.speaker_end, "speaker", note, a.id))
    raw.sort(key=lambda s: (s[0], -(s[1] - s[0]), s[2], s[4]))
    out: list[tuple[int, int, str, str, str]] = []
    last = 0
    for span in raw:
        if span[0] >= last:
            out.append(span)
            last = span[1]
    return out


def _non_overlapping(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    last = 0
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]), s[2])):
        if span[0] >= last and span[0] < span[1]:
            out.append(span)
            last = span[1]
    return out


def paragraphs(
    text: str, attributions: Sequence[Attribution] = (), cited: Sequence[tuple[int, int, str]] = ()
) -> list[list[Piece]]:
    """The text's paragraphs (split on newlines), each a list of pieces whose texts join back to it.

    Two independent layers are cut at the union of their boundaries: the
    attribution highlights, and ``cited`` (start, end, anchor) spans — the
    source sentences a briefing cites — so a citation can point at its
    sentence even where that sentence holds highlighted speech.
    """
    n = len(text)
    marks = spans_of(text, attributions)
    cites = _non_overlapping([c for c in cited if 0 <= c[0] < c[1] <= n])
    cuts = sorted(
        {0, n, *(s[0] for s in marks), *(s[1] for s in marks), *(c[0] for c in cites), *(c[1] for c in cites)}
    )
    pieces: list[Piece] = []
    mi = ci = 0
    for a, b in zip(cuts, cuts[1:], strict=False):
        while mi < len(marks) and marks[mi][1] <= a:
            mi += 1
        while ci < len(cites) and cites[ci][1] <= a:
            ci += 1
        m = marks[mi] if mi < len(marks) and marks[mi][0] <= a else None
        c = cites[ci] if ci < len(cites) and cites[ci][0] <= a else None
        pieces.append(
            Piece(
                text[a:b], m[2] if m else "", m[3] if m else "", m[4] if m else "",
                c[2] if c else "", bool(c and c[0] == a),
            )
        )  # fmt: skip
    paras: list[list[Piece]] = [[]]
    for piece in pieces:
        anchor = piece.anchor  # goes to the first non-empty line of the run
        for i, line in enumerate(piece.text.split("\n")):
            if i:
                paras.append([])
            if line:
                paras[-1].append(Piece(line, piece.kind, piece.note, piece.ref, piece.cited, anchor))
                anchor = False
    return [p for p in paras if p]


def safe_href(url: str | None) -> str | None:
    """The URL if it is a plain http(s) address, else None (never a javascript: or data: link)."""
    if not url:
        return None
    url = url.strip()
    if any(ord(ch) < 33 for ch in url):  # control characters or spaces hide schemes from naive checks
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url
    return None


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


class Anchors:
    """Stable, unique, URL-safe fragment ids for records whose ids may hold any character.

    An id that is already safe keeps its text (readable links); any other gets
    a slug plus a short digest, so two ids never share an anchor.
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._by_id: dict[str, str] = {}
        self._used: set[str] = set()

    def __call__(self, record_id: str) -> str:
        found = self._by_id.get(record_id)
        if found is not None:
            return found
        slug = _UNSAFE.sub("-", record_id).strip("-")[:60]
        anchor = f"{self.prefix}-{slug}"
        if slug != record_id or anchor in self._used:
            digest = hashlib.sha1(record_id.encode("utf-8")).hexdigest()[:8]
            anchor = f"{self.prefix}-{slug}-{digest}" if slug else f"{self.prefix}-{digest}"
        self._used.add(anchor)
        self._by_id[record_id] = anchor
        return anchor
