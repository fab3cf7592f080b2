"""Plain-text articles: optional metadata line, headline, body.

Layout (the common shape of hand-collected or scraped text dumps)::

    date 2025-12-01 https://outlet.example/path     <- optional: only date/URL tokens
    Headline
    Body paragraph one.
    Body paragraph two.

The metadata line is recognised only when it holds nothing but a URL and/or a
date (optionally after the word "date"), so a headline that merely contains a
number is never eaten. Dates go through dateparser (ISO and written forms).
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime
from functools import lru_cache

from storyline.errors import EmptyInput
from storyline.records import RawDocument

_URL_RE = re.compile(r"^<?(https?://[^\s<>\"']+?)>?[.,;]?$", re.I)
_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$")
_LEAD_WORDS = frozenset({"date", "date:", "published", "published:", "dated", "url", "url:", "source", "source:"})
_SEPARATORS = frozenset({"|", "-", "–", "—", "·", "•", ",", ";"})
# dateparser: absolute dates only (no "yesterday"), so a headline word never becomes a date.
_DATEPARSER_SETTINGS = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "STRICT_PARSING": True,
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DAY_OF_MONTH": "first",
}
_LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pt", "ru", "pl", "uk"]


@lru_cache(maxsize=4096)
def parse_date(value: str) -> str | None:
    """ISO date (or date-time) from a date written alone, or None.

    >>> parse_date("2025-12-01")
    '2025-12-01'
    >>> parse_date("1 December 2025")
    '2025-12-01'
    """
    value = value.strip().strip(",")
    if not value or len(value) > 40 or not re.search(r"\d", value):
        return None
    m = _ISO_RE.match(value)
    if m:
        try:
            datetime(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        return value.replace(" ", "T") if m[4] else value
    if len(value.split()) > 6 or not re.search(r"[A-Za-z\u0400-\u04ff/.\-]", value):
        return None  # a bare number ("2025", "17") is not a date
    import dateparser  # imported lazily: ~1 s to load its language data

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = dateparser.parse(value, languages=_LANGUAGES, settings=_DATEPARSER_SETTINGS)
        except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd text
            return None
    if parsed is None or not 1800 <= parsed.year <= 2200:
        return None
    if re.search(r"\d:\d", value):
        return parsed.replace(microsecond=0).isoformat()
    return parsed.date().isoformat()


def parse_metadata_line(line: str) -> tuple[str | None, str | None] | None:
    """``(date, url)`` when ``line`` holds nothing but a date and/or URL, else None."""
    tokens = line.split()
    if not tokens:
        return None
    url: str | None = None
    rest: list[str] = []
    for i, tok in enumerate(tokens):
        m = _URL_RE.match(tok)
        if m:
            if url is not None:
                return None  # two URLs: not our metadata layout
            url = m.group(1)
            continue
        if i == 0 and tok.lower() in _LEAD_WORDS:
            continue
        if tok in _SEPARATORS:
            continue
        rest.append(tok)
    date: str | None = None
    if rest:
        date = parse_date(" ".join(rest))
        if date is None:
            return None
    if date is None and url is None:
        return None
    return date, url


def parse_text(text: str, source: str, doc_id: str) -> RawDocument:
    """A RawDocument from a plain-text article. Raises EmptyInput when there is no text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    idx = 0

    def next_nonempty() -> int | None:
        nonlocal idx
        while idx < len(lines) and not lines[idx].strip():
            idx += 1
        return idx if idx < len(lines) else None

    first = next_nonempty()
    if first is None:
        raise EmptyInput(source, "empty file")
    date = url = None
    meta = parse_metadata_line(lines[first])
    if meta is not None:
        date, url = meta
        idx = first + 1
        first = next_nonempty()
        if first is None:
            raise EmptyInput(source, "only a metadata line, no headline or body")
    title = lines[first].strip()
    body = "\n".join(lines[first + 1:]).strip("\n")
    body = re.sub(r"\n{3,}", "\n\n", body)
    return RawDocument(
        id=doc_id,
        source=source,
        text=body.strip(),
        title=title,
        url=url,
        published=date,
        date_source="metadata" if date else None,
        fmt="text",
    )
