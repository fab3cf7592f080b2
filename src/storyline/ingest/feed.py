"""RSS / Atom / RDF feeds → one RawDocument per entry, via feedparser.

feedparser is given the bytes we read (never a URL, so it cannot fetch).
The outlet of an entry is its ORIGINAL publisher when the feed names one
(``<source>``, ``dc:publisher``, ``dc:source``), otherwise the feed's title:
aggregator feeds otherwise make every story look like it came from one outlet.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser

from storyline.config import Config
from storyline.errors import EmptyInput, ParseError
from storyline.ingest.html import fragment_to_text
from storyline.records import Failure, RawDocument


def _iso(parsed: time.struct_time | None) -> str | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC).isoformat().replace("+00:00", "Z")
    except (OverflowError, ValueError, OSError):
        return None


def _publisher(entry: Any) -> str | None:
    src = entry.get("source")
    if isinstance(src, dict) and (src.get("title") or "").strip():
        return src["title"].strip()
    for key in ("publisher", "dc_source"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _strip_publisher(title: str, publisher: str | None) -> str:
    """Drop a Google-News-style " - Publisher" suffix, only when the source element confirms it."""
    if publisher:
        for sep in (" - ", " – ", " — ", " | "):
            suffix = sep + publisher
            if title.endswith(suffix) and len(title) > len(suffix):
                return title[: -len(suffix)].strip()
    return title


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value") or "" for c in contents if isinstance(c, dict)), key=len, default="")
    summary = entry.get("summary") or ""
    return fragment_to_text(best if len(best) >= len(summary) else summary)


def entry_id(entry: Any) -> str:
    """Stable id from the entry's link, else guid, else title + date."""
    key = entry.get("link") or entry.get("id") or f"{entry.get('title', '')}|{entry.get('published', '')}"
    return "feed-" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


_ENTRY_RE = re.compile(rb"<(?:item|entry)[\s>/]", re.I)


def _cut_after_entries(data: bytes, cap: int) -> tuple[bytes, int]:
    """``data`` cut before its ``cap + 1``-th entry tag, and the number of entry tags in it.

    feedparser parses the whole document before we see an entry (several ms an
    entry: 8,000 entries took a minute on a busy machine), so entries past the cap
    are never handed to it. The cut document is malformed; feedparser's loose
    parser still reads every entry before the cut.
    """
    cut = None
    count = 0
    for m in _ENTRY_RE.finditer(data):
        count += 1
        if count == cap + 1:
            cut = m.start()
    return (data if cut is None else data[:cut]), count


_SUBSET_RE = re.compile(rb"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.I | re.S)


def drop_entity_declarations(data: bytes) -> bytes:
    """``data`` without a DOCTYPE internal subset that declares entities.

    An internal subset is where entity-expansion attacks live ("billion laughs":
    nested entities that expand to gigabytes; external entities that name local
    files). Real feeds do not need one, so it is removed before feedparser sees
    the bytes; a reference to a dropped entity stays as literal text.
    Measured: a 10-level billion-laughs feed took 0.75 s CPU (1.1 M expat text
    callbacks) before this, a few ms after.
    """
    if b"<!DOCTYPE" not in data[:65_536].upper():  # a DOCTYPE comes before the root element
        return data
    return _SUBSET_RE.sub(b"", data, count=1)


def iter_feed(data: bytes, source: str, config: Config) -> Iterator[RawDocument | Failure]:
    """Every entry of a feed, capped at ``limits.max_feed_entries``.

    Raises ParseError when the bytes are not a feed at all; a bad entry
    becomes a Failure of its own.
    """
    cap = config.limits.max_feed_entries
    data, declared = _cut_after_entries(drop_entity_declarations(data), cap)
    try:
        parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # noqa: BLE001 - feedparser can raise from its XML/SGML back ends
        raise ParseError(source, f"feed could not be parsed ({type(exc).__name__}: {exc})") from exc
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            bozo = parsed.get("bozo_exception")
            detail = (str(bozo).splitlines() or ["malformed"])[0] if bozo else "malformed"
            raise ParseError(source, f"not a readable feed ({detail})")
        raise EmptyInput(source, "feed has no entries")
    feed_title = (parsed.get("feed", {}).get("title") or "").strip() or None
    total = max(len(entries), declared)
    for n, entry in enumerate([*entries[:cap], None] if total > cap else entries, start=1):
        if entry is None:
            yield Failure(
                source,
                "too-large",
                f"feed has {total} entries; only the first {cap} were read (limits.max_feed_entries)",
            )
            return
        where = f"{source}#entry {n}"
        publisher = _publisher(entry)
        title = _strip_publisher((entry.get("title") or "").strip(), publisher)
        text = _entry_text(entry)
        if not title and not text:
            yield Failure(where, "empty", "feed entry has no title, summary or content")
            continue
        published = _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
        yield RawDocument(
            id=entry_id(entry),
            source=where,
            text=text,
            title=title,
            url=entry.get("link") or None,
            outlet=publisher or feed_title,
            published=published,
            language=(parsed.get("feed", {}).get("language") or None),
            author=(entry.get("author") or "").strip() or None,
            date_source="feed" if published else None,
            fmt="feed",
        )
