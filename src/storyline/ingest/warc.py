"""WARC archives (web crawls, Common Crawl) → RawDocument via warcio.

Only ``response`` records of HTML pages with a 2xx status are articles; they
go through the HTML path with WARC-Target-URI / WARC-Date as fallbacks. A
truncated or corrupt archive keeps the records read so far and ends with one
Failure for the rest. The stream is read record by record, never whole.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.config import Config
from storyline.errors import InputError, TooLarge
from storyline.ingest.html import parse_html
from storyline.ingest.sniff import content_type_charset, declared_charset, decode
from storyline.records import Failure, RawDocument


def warc_id(uri: str) -> str:
    """Stable id of a captured page from its target URI."""
    return "warc-" + hashlib.sha1(uri.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _read_capped(stream: IO[bytes], cap: int, where: str) -> bytes:
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise TooLarge(where, f"record payload is over {cap} bytes (limits.max_file_bytes)")
    return data


# warcio grows a header line by appending chunk after chunk, so a line that never ends
# costs time quadratic in its length (a 46 KB gzip of a 47 MB line took ~50 s). No WARC
# header or HTTP header is anywhere near this long, and a page body with no line break
# for this long is not an article.
MAX_LINE_BYTES = 8 << 20


class _Counting(io.RawIOBase):
    """Counts the bytes warcio pulls, so a record cut inside its header (which
    warcio takes for a clean end of file) can be noticed, and refuses a line
    longer than :data:`MAX_LINE_BYTES` before warcio chews on it."""

    def __init__(self, inner: IO[bytes], source: str = "") -> None:
        self._inner, self.count, self._run, self._source = inner, 0, 0, source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._inner.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        cut = data.rfind(b"\n")
        self._run = self._run + len(data) if cut < 0 else len(data) - cut - 1
        if self._run > MAX_LINE_BYTES:
            raise TooLarge(self._source, f"a line of over {MAX_LINE_BYTES >> 20} MB with no line break (not a WARC)")
        return len(data)


def iter_warc(stream: IO[bytes], source: str, config: Config) -> Iterator[RawDocument | Failure]:
    """HTML pages captured in a WARC stream (plain or gzip per record)."""
    n = 0
    typed = 0  # records with a WARC-Type: warcio hands back header-less junk as a record with none
    pages = 0
    counter = _Counting(stream, source)
    archive = ArchiveIterator(counter, check_digests=False)
    it = iter(archive)
    while True:
        try:
            record = next(it)
        except StopIteration:
            end = getattr(archive, "offset", None)
            if archive.next_line or (isinstance(end, int) and counter.count - end > 4):
                yield Failure(source, "parse", f"truncated WARC record after record {n} (archive ends mid-header)")
            elif typed == 0:  # warcio ends quietly on a header it cannot read; the file must not pass as done
                yield Failure(source, "parse", "no WARC record could be read (no WARC-Type header)")
            return
        except InputError as exc:  # bomb guard / corrupt gzip from the reader below us
            yield Failure(exc.source, exc.code, exc.reason)
            return
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, IndexError, AttributeError, TypeError) as exc:
            detail = " ".join(str(exc).split())[:160] or type(exc).__name__
            yield Failure(source, "parse", f"truncated WARC record after record {n} ({detail})")
            return
        n += 1
        typed += bool(record.rec_type)
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
        except TooLarge as exc:
            if exc.source != where:  # the decompression cap, not this record's size
                yield Failure(exc.source, exc.code, exc.reason)
                return
            yield Failure(exc.source, exc.code, exc.reason)
            continue
        except InputError as exc:  # corrupt gzip under the archive
            yield Failure(source, "parse", f"truncated WARC record {n} ({exc.reason})")
            return
        except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
            detail = " ".join(str(exc).split())[:160] or type(exc).__name__
            yield Failure(source, "parse", f"truncated WARC record {n} ({detail})")
            return
        if getattr(record.raw_stream, "limit", 0) > 0:  # warcio returns a short read, not an error
            yield Failure(source, "parse", f"truncated WARC record {n} (content ends early)")
            return
        pages += 1
        if pages > config.limits.max_records_per_file:
            yield Failure(source, "too-large", f"more than {config.limits.max_records_per_file} pages "
                          "(limits.max_records_per_file)")
            return
        try:
            html = decode(payload, where, content_type_charset(ctype) or declared_charset(payload))
            date = record.rec_headers.get_header("WARC-Date")
            yield parse_html(html, where, warc_id(uri), url=uri if "://" in uri else None, date=date, fmt="warc",
                             max_tags=config.limits.max_html_tags)
        except InputError as exc:
            yield Failure(exc.source, exc.code, exc.reason)
