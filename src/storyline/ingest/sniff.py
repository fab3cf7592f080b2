"""Decide what a file is from its first bytes, and decode bytes to text.

Routing by content, not extension: collected news dumps are often misnamed
(HTML saved as ``.txt``, JSONL as ``.data``). The checks are cheap and look
only at the head of the file, so a huge file is never read whole to route it.
"""

from __future__ import annotations

import codecs
import json
import re
from functools import lru_cache
from importlib import resources

import charset_normalizer

from storyline.errors import EncodingError, UnsupportedInput

HEAD_BYTES = 64 * 1024

# Magic numbers of formats that are never news text (file(1) / format specs).
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x7fELF", "ELF executable"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"RIFF", "RIFF media file"),
    (b"\x00\x00\x00\x18ftyp", "MP4 media file"),
    (b"\x00\x00\x00\x20ftyp", "MP4 media file"),
    (b"OggS", "Ogg media file"),
    (b"ID3", "MP3 audio"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document (old Office)"),
)
GZIP_MAGIC = b"\x1f\x8b"
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13} | {127}
_FEED_RE = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]", re.I)
_HTML_ROOT_RE = re.compile(rb"<(?:!doctype\s+html|html|body)[\s>]", re.I)
_HTML_RE = re.compile(rb"<(?:!doctype\s+html|html|head|body|article|main|div|p|meta|title)[\s>/]", re.I)


def binary_reason(head: bytes) -> str | None:
    """Why ``head`` looks binary, or None when it may be text."""
    for magic, name in _BINARY_MAGIC:
        if head.startswith(magic):
            return f"binary file ({name})"
    if head.startswith(_BOMS[1:]):
        return None  # UTF-16 text has NUL bytes by design
    sample = head[:8192]
    if b"\x00" in sample:
        return "binary file (NUL bytes)"
    if sample:
        controls = sum(1 for b in sample if b in _CONTROL)
        if controls / len(sample) > 0.1:
            return f"binary file ({controls * 100 // len(sample)}% control characters)"
    return None


def _first_line_is_json_object(head: bytes) -> bool:
    first, newline, _ = head.partition(b"\n")
    if not newline or not first.lstrip().startswith((b"{", codecs.BOM_UTF8 + b"{")):
        return False
    try:
        return isinstance(json.loads(first.decode("utf-8-sig")), dict)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False


def sniff(head: bytes) -> str:
    """The format of a file from its first bytes.

    One of ``gzip``, ``warc``, ``feed``, ``html``, ``jsonl``, ``json``, ``text``.
    Raises UnsupportedInput (code "binary") for binary content.
    """
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if _first_line_is_json_object(head):
        return "jsonl"  # before the binary check: a NUL on a later, corrupt line fails that line alone
    reason = binary_reason(head)
    if reason:
        raise UnsupportedInput("", reason, code="binary")
    body = head
    for bom in _BOMS:
        if body.startswith(bom):
            body = body[len(bom):]
            if bom is not _BOMS[0]:
                body = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
            break
    body = body.lstrip()
    if body.startswith(b"WARC/1."):
        return "warc"
    if body.startswith(b"<"):
        window = body[:4096]
        feed = _FEED_RE.search(window)
        page = _HTML_ROOT_RE.search(window)
        if feed and (page is None or feed.start() < page.start()):
            return "feed"
        return "html"
    if body.startswith(b"{"):
        return "jsonl"
    if body.startswith(b"[") and body[1:].lstrip().startswith((b"{", b"]")):
        return "json"
    if _HTML_RE.search(body[:2048]) and re.search(rb"</(?:p|div|body|html)>", body[:HEAD_BYTES], re.I):
        return "html"  # text with a little junk before the markup
    return "text"


@lru_cache(maxsize=1)
def _encodings() -> tuple[str, ...]:
    text = resources.files("storyline.resources").joinpath("ingest_encodings.txt").read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag of its first 4 KB, if Python knows it."""
    m = _META_CHARSET_RE.search(head[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def content_type_charset(content_type: str) -> str | None:
    """The charset of an HTTP Content-Type header value, if Python knows it."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            try:
                return codecs.lookup(value.strip().strip("\"'")).name
            except (LookupError, ValueError):  # ValueError: a NUL in the name (seen in fuzzed WARC headers)
                return None
    return None


def decode(data: bytes, source: str, declared: str | None = None) -> str:
    """Text from bytes: UTF-8 (BOM or not) first, then a declared charset, then charset-normalizer.

    charset-normalizer is limited to the WHATWG legacy encodings
    (resources/ingest_encodings.txt): unrestricted, it calls short Latin-1
    text "cp775". Raises EncodingError when nothing sensible decodes.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingError(source, f"UTF-16 byte-order mark but bad UTF-16 ({exc.reason})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared and declared.replace("_", "-").lower() not in ("utf-8", "utf8", "utf-16", "utf-16-le", "utf-16-be"):
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration lies: fall through to detection
    best = charset_normalizer.from_bytes(data, cp_isolation=list(_encodings())).best()
    if best is None:
        raise EncodingError(source, "not valid UTF-8 and no encoding detected")
    return str(best)
