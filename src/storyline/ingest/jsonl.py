"""JSON Lines (and JSON arrays) of article records → RawDocument.

Two field vocabularies are read: Storyline's neutral record
(``id, url, outlet, title, published, language, text``) and news-please /
CC-NEWS (``maintext, description, date_publish, source_domain, authors ...``).
The file is streamed line by line, so its size is bounded only by
``limits.max_records_per_file``; one malformed line fails alone.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from storyline.config import Config
from storyline.errors import EmptyInput, EncodingError, ParseError
from storyline.records import Failure, RawDocument

_TEXT_KEYS = ("text", "maintext", "body", "content", "description")
_TITLE_KEYS = ("title", "headline", "title_page", "title_rss")
_DATE_KEYS = ("published", "date_publish", "date", "published_at", "pubdate", "date_modify")
_OUTLET_KEYS = ("outlet", "source_name", "sitename", "publisher", "source", "source_domain")
_DT_RE = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(?::\d{2})?)$")


def _first_str(record: dict[str, Any], keys: Iterable[str]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, dict):  # {"source": {"name": "..."}} as some APIs write it
            name = value.get("name") or value.get("title")
            if isinstance(name, str) and name.strip():
                return name.strip()
    return None


def _authors(record: dict[str, Any]) -> str | None:
    value = record.get("author") or record.get("authors")
    if isinstance(value, list):
        names = [a.strip() for a in value if isinstance(a, str) and a.strip()]
        return ", ".join(names) or None
    return value.strip() or None if isinstance(value, str) else None


def record_to_document(record: dict[str, Any], source: str) -> RawDocument:
    """A RawDocument from one parsed JSON record. Raises EmptyInput when it has no text or title."""
    text = ""
    for key in _TEXT_KEYS:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            text = value.strip()
            break
    title = _first_str(record, _TITLE_KEYS) or ""
    if not text and not title:
        raise EmptyInput(source, f"record has no text (looked for {', '.join(_TEXT_KEYS)}) and no title")
    url = _first_str(record, ("url", "link", "canonical_url"))
    published = _first_str(record, _DATE_KEYS)
    if published:
        m = _DT_RE.match(published)
        if m:  # news-please writes "2017-02-17 16:31:49"
            published = f"{m[1]}T{m[2]}"
    rid = record.get("id")
    if isinstance(rid, (str, int)) and not isinstance(rid, bool) and str(rid).strip():
        doc_id = str(rid).strip()
    else:
        key = url or text or title
        doc_id = "rec-" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return RawDocument(
        id=doc_id,
        source=source,
        text=text,
        title=title,
        url=url,
        outlet=_first_str(record, _OUTLET_KEYS),
        published=published,
        language=_first_str(record, ("language", "lang")),
        author=_authors(record),
        date_source="record" if published else None,
        fmt="jsonl",
    )


def _one_line(msg: str) -> str:
    return " ".join(msg.split())[:200]


def parse_line(line: bytes | str, source: str, lineno: int) -> RawDocument | None:
    """One JSONL line → RawDocument; None for a blank line. Raises InputError subclasses only."""
    where = f"{source}#line {lineno}"
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise EncodingError(where, f"line {lineno}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ParseError(where, f"line {lineno}: not a JSON object ({_one_line(str(exc))})") from exc
    if not isinstance(record, dict):
        raise ParseError(where, f"line {lineno}: not a JSON object (found {type(record).__name__})")
    return record_to_document(record, where)


def iter_jsonl(lines: Iterable[bytes], source: str, config: Config) -> Iterator[RawDocument | Failure]:
    """Documents from JSONL lines; each bad line becomes its own Failure."""
    from storyline.errors import InputError

    cap = config.limits.max_records_per_file
    count = 0
    for lineno, line in enumerate(lines, start=1):
        if len(line) > config.limits.max_file_bytes:
            yield Failure(f"{source}#line {lineno}", "too-large",
                          f"line {lineno} is over {config.limits.max_file_bytes} bytes (limits.max_file_bytes)")
            continue
        try:
            doc = parse_line(line, source, lineno)
        except InputError as exc:
            yield Failure(exc.source, exc.code, exc.reason)
            continue
        if doc is None:
            continue
        count += 1
        if count > cap:
            yield Failure(source, "too-large",
                          f"more than {cap} records; the rest were not read (limits.max_records_per_file)")
            return
        yield doc


def iter_json_array(data: bytes, source: str, config: Config) -> Iterator[RawDocument | Failure]:
    """Documents from a file holding one JSON array of records."""
    try:
        items = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise EncodingError(source, f"JSON file is not valid UTF-8 ({exc.reason})") from exc
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ParseError(source, f"not valid JSON ({_one_line(str(exc))})") from exc
    if not isinstance(items, list):
        raise ParseError(source, f"expected a JSON array of objects, found {type(items).__name__}")
    from storyline.errors import InputError

    for n, item in enumerate(items, start=1):
        where = f"{source}#item {n}"
        if n > config.limits.max_records_per_file:
            yield Failure(source, "too-large", f"more than {config.limits.max_records_per_file} records "
                          "(limits.max_records_per_file)")
            return
        if not isinstance(item, dict):
            yield Failure(where, "parse", f"item {n}: not a JSON object (found {type(item).__name__})")
            continue
        try:
            yield record_to_document(item, where)
        except InputError as exc:
            yield Failure(exc.source, exc.code, exc.reason)
