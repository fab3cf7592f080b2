"""WARC archives (web crawls, Common Crawl) → RawDocument via warcio.

Only ``response`` records of HTML pages with a 2xx status are articles; they
go through the HTML path with WARC-Target-URI / WARC-Date as fallbacks. A
truncated or corrupt archive keeps the records read so far and ends with one
Failure for the rest. The stream is read record by record, never whole.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.config import Config
from storyline.errors import InputError, TooLarge
from storyline.ingest.html import parse_html
from storyline.ingest.sniff import decode
from storyline.records import Failure, RawDocument


def warc_id(uri: str) -> str:
    """Stable id of a captured page from its target URI."""
    return "warc-" + hashlib.sha1(uri.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _read_capped(stream: IO[bytes], cap: int, where: str) -> bytes:
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise TooLarge(where, f"record payload is over {cap} bytes (limits.max_file_bytes)")
    return data


def iter_warc(stream: IO[bytes], source: str, config: Config) -> Iterator[RawDocument | Failure]:
    """HTML pages captured in a WARC stream (plain or gzip per record)."""
    n = 0
    pages = 0
    it = iter(ArchiveIterator(stream, check_digests=False))
    while True:
        try:
            record = next(it)
        except StopIteration:
            return
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, IndexError) as exc:
            detail = " ".join(str(exc).split())[:160] or type(exc).__name__
            yield Failure(source, "parse", f"truncated WARC record after record {n} ({detail})")
            return
        except InputError as exc:  # bomb guard from the capped reader below us
            yield Failure(exc.source, exc.code, exc.reason)
            return
        n += 1
        if record.rec_type != "response" or record.http_headers is None:
            continue
        status = record.http_headers.get_statuscode() or ""
        ctype = (record.http_headers.get_header("Content-Type") or "").lower()
        if not status.startswith("2") or "html" not in ctype:
            continue
        uri = record.rec_headers.get_header("WARC-Target-URI") or f"{source}#record {n}"
        where = f"{source}#{uri}"
        try:
            payload = _read_capped(record.content_stream(), config.limits.max_file_bytes, where)
        except InputError as exc:
            yield Failure(exc.source, exc.code, exc.reason)
            continue
        except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
            detail = " ".join(str(exc).split())[:160] or type(exc).__name__
            yield Failure(source, "parse", f"truncated WARC record {n} ({detail})")
            return
        pages += 1
        if pages > config.limits.max_records_per_file:
            yield Failure(source, "too-large", f"more than {config.limits.max_records_per_file} pages "
                          "(limits.max_records_per_file)")
            return
        try:
            html = decode(payload, where)
            date = record.rec_headers.get_header("WARC-Date")
            yield parse_html(html, where, warc_id(uri), url=uri if "://" in uri else None, date=date, fmt="warc")
        except InputError as exc:
            yield Failure(exc.source, exc.code, exc.reason)
