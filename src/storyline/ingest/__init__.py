"""Ingest: files, folders and URLs → RawDocument | Failure (| skipped source name).

Each file is routed by sniffing its content (see :mod:`storyline.ingest.sniff`),
then handed to the parser made for its format. Every per-input problem is a
:class:`~storyline.records.Failure` and the batch goes on. With a store, a file
unchanged since it was fully ingested is skipped (its name is yielded), and a
file is marked done only after its last document was consumed, so an
interrupted run re-reads what it had not finished.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from storyline.config import Config
from storyline.errors import EmptyInput, InputError, ParseError, TooLarge
from storyline.ingest.feed import iter_feed
from storyline.ingest.fetch import fetch_url
from storyline.ingest.html import parse_html
from storyline.ingest.jsonl import iter_json_array, iter_jsonl
from storyline.ingest.sniff import HEAD_BYTES, declared_charset, decode, sniff
from storyline.ingest.text import parse_text
from storyline.ingest.warc import iter_warc
from storyline.records import Failure, RawDocument

Item = RawDocument | Failure | str
_URL_RE = re.compile(r"^https?://\S+$", re.I)

__all__ = ["fetch_url", "iter_documents", "iter_file"]


def _human(n: int) -> str:
    mb = 1024 * 1024
    if n >= mb:
        return f"{n / mb:.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


class _CappedReader(io.RawIOBase):
    """Raw reader over a GzipFile: raises TooLarge past ``cap`` bytes (the bomb guard).

    Corrupt or truncated gzip data ends the stream early instead of raising, so
    the buffered reader above does not drop what was decompressed before the
    cut; :meth:`check` raises the deferred ParseError once the caller is done.
    """

    def __init__(self, inner: gzip.GzipFile, cap: int, source: str) -> None:
        self._inner, self._cap, self._source, self._count = inner, cap, source, 0
        self.error: ParseError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.error is not None:
            return 0
        try:  # read1: one decompression step, so a truncated gzip still yields everything before the cut
            data = self._inner.read1(len(buffer))
        except (gzip.BadGzipFile, EOFError, OSError, ValueError, zlib.error) as exc:
            self.error = ParseError(self._source, f"corrupt or truncated gzip data ({exc})")
            return 0
        self._count += len(data)
        if self._count > self._cap:
            raise TooLarge(self._source, f"decompressed content is over the {_human(self._cap)} limit "
                                         "(limits.max_decompressed_bytes)")
        buffer[: len(data)] = data
        return len(data)

    def check(self) -> None:
        if self.error is not None:
            raise self.error


def _capped_lines(stream: IO[bytes], cap: int) -> Iterator[bytes]:
    """Lines of a binary stream; a line longer than ``cap`` comes back as ``cap + 1`` bytes and is skipped past."""
    while True:
        line = stream.readline(cap + 1)
        if not line:
            return
        if len(line) > cap and not line.endswith(b"\n"):
            while True:  # drain the rest of the over-long line without keeping it
                rest = stream.readline(cap)
                if not rest or rest.endswith(b"\n"):
                    break
        yield line


def _doc_id(path: Path) -> str:
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return Path(name).stem or name


def _is_url_list(text: str) -> list[str] | None:
    lines = [ln.strip() for ln in text.splitlines()]
    urls = [ln for ln in lines if ln and not ln.startswith("#")]
    if urls and all(_URL_RE.match(u) for u in urls):
        return urls
    return None


def _fetch_each(urls: Sequence[str], config: Config) -> Iterator[RawDocument | Failure]:
    for url in urls:
        try:
            yield fetch_url(url, config)
        except InputError as exc:
            yield Failure(url, exc.code, exc.reason)


def _parse_stream(stream: IO[bytes], path: Path, source: str, size: int | None, config: Config,
                  gz: _CappedReader | None = None) -> Iterator[RawDocument | Failure]:
    """Route one (possibly decompressed: ``gz``) stream to its parser."""
    head = stream.peek(HEAD_BYTES)[:HEAD_BYTES] if hasattr(stream, "peek") else b""
    try:
        kind = sniff(head)
    except InputError as exc:
        raise type(exc)(source, exc.reason, exc.code) from None
    limits = config.limits
    if kind == "gzip":
        if size is None:
            raise InputError(source, "gzip inside gzip is not read", code="unsupported")
        inner = _CappedReader(gzip.GzipFile(fileobj=stream, mode="rb"), limits.max_decompressed_bytes, source)
        yield from _parse_stream(io.BufferedReader(inner, buffer_size=HEAD_BYTES), path, source, None, config, inner)
        return
    check = gz.check if gz is not None else (lambda: None)
    if kind in ("warc", "jsonl"):
        items = (iter_warc(stream, source, config) if kind == "warc"
                 else iter_jsonl(_capped_lines(stream, limits.max_file_bytes), source, config))
        reported = False
        for item in items:
            reported = reported or (isinstance(item, Failure) and item.source == source)
            yield item
        if not reported:  # a truncation the parser already reported is not reported twice
            check()
        return
    if size is not None and size > limits.max_file_bytes:
        raise TooLarge(source, f"file is {_human(size)}, over the {_human(limits.max_file_bytes)} limit "
                               "(limits.max_file_bytes)")
    data = stream.read(limits.max_file_bytes + 1)
    check()
    if len(data) > limits.max_file_bytes:
        raise TooLarge(source, f"content is over the {_human(limits.max_file_bytes)} limit (limits.max_file_bytes)")
    if not data.strip():
        raise EmptyInput(source, "empty file" if not data else "empty file (only whitespace)")
    if kind == "feed":
        yield from iter_feed(data, source, config)
    elif kind == "json":
        yield from iter_json_array(data, source, config)
    elif kind == "html":
        yield parse_html(decode(data, source, declared_charset(data)), source, _doc_id(path),
                         max_tags=limits.max_html_tags)
    else:
        text = decode(data, source)
        urls = _is_url_list(text)
        if urls is not None:
            yield from _fetch_each(urls, config)
        else:
            yield parse_text(text, source, _doc_id(path))


def iter_file(path: str | Path, config: Config, store: Any = None) -> Iterator[Item]:
    """Documents of one file; Failures for what cannot be read. See module doc for resume."""
    p = Path(path)
    source = str(path)
    try:
        st = p.stat()
    except OSError as exc:
        yield Failure(source, "missing", f"cannot read file ({exc.strerror or exc})")
        return
    size, mtime = st.st_size, st.st_mtime
    if store is not None and store.source_done(source, size, mtime):
        yield source
        return
    if size == 0:
        yield Failure(source, "empty", "empty file")
        return
    file_failed = False
    try:
        with open(p, "rb", buffering=HEAD_BYTES) as stream:
            for item in _parse_stream(stream, p, source, size, config):
                if isinstance(item, Failure) and item.source == source:
                    file_failed = True
                yield item
    except InputError as exc:
        yield Failure(exc.source or source, exc.code, exc.reason)
        return
    except OSError as exc:
        yield Failure(source, "io", f"read error ({exc.strerror or exc})")
        return
    except Exception as exc:  # noqa: BLE001 - a library bug on one file must not stop the batch
        yield Failure(source, "error", f"unexpected {type(exc).__name__} while reading: {' '.join(str(exc).split())[:200]}")
        return
    if store is not None and not file_failed:
        store.mark_source_done(source, size, mtime)


def _walk(folder: Path) -> Iterator[Path]:
    """Regular files under ``folder``, sorted, hidden files and folders skipped, symlinked folders not followed."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                f = Path(root) / name
                if f.is_file():
                    yield f


def iter_documents(paths: Sequence[str], config: Config, store: Any = None) -> Iterator[Item]:
    """Every document in ``paths`` (files, folders walked recursively, http(s) URLs).

    Yields RawDocument, Failure, or the name of a source skipped because the
    store says it was ingested before unchanged.
    """
    for path in paths:
        path = str(path)
        if _URL_RE.match(path.strip()):
            yield from _fetch_each([path.strip()], config)
            continue
        p = Path(path)
        if p.is_dir():
            found = False
            for f in _walk(p):
                found = True
                yield from iter_file(f, config, store)
            if not found:
                yield Failure(path, "empty", "folder holds no (non-hidden) files")
        elif p.exists():
            yield from iter_file(p, config, store)
        else:
            yield Failure(path, "missing", "no such file or folder")
