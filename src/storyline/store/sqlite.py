"""The embedded SQLite store: articles, failures, cached features, analysis results.

Nothing to start: one file, WAL journal, schema versioned by the migrations in
:data:`MIGRATIONS` (their count is recorded in ``PRAGMA user_version``).

Idempotent ingestion: an article is keyed by its normalised URL when it has
one, else by a hash of its cleaned text; storing it again is a no-op. Each
article commits on its own, so an interrupted run loses at most the article in
flight and a rerun skips what is already there.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

from storyline.errors import StoreError
from storyline.records import (
    Analysis,
    Article,
    Attribution,
    Briefing,
    Cite,
    Claim,
    Contradiction,
    Entity,
    Failure,
    Position,
    ProvenanceEdge,
    Story,
    Storyline,
    TimeExpression,
    from_dict,
    to_dict,
)

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, failures, processed sources
    """
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        url_key TEXT UNIQUE,
        content_hash TEXT NOT NULL,
        published TEXT,
        outlet TEXT,
        language TEXT,
        data TEXT NOT NULL,
        ingested_at REAL NOT NULL
    );
    CREATE INDEX articles_hash ON articles(content_hash);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE failures (
        source TEXT NOT NULL,
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        stage TEXT NOT NULL,
        at REAL NOT NULL,
        PRIMARY KEY (source, code, stage)
    );
    CREATE TABLE sources (
        source TEXT PRIMARY KEY,
        size INTEGER,
        mtime REAL,
        done_at REAL NOT NULL
    );
    """,
    # 2: cached per-article features (embeddings, signatures, parses)
    """
    CREATE TABLE features (
        article_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        version TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (article_id, kind, version)
    );
    """,
    # 3: analysis results, one row per record, replaced as a whole by each analysis
    """
    CREATE TABLE results (
        kind TEXT NOT NULL,
        seq INTEGER NOT NULL,
        key TEXT,
        story_id TEXT,
        data TEXT NOT NULL,
        PRIMARY KEY (kind, seq)
    );
    CREATE INDEX results_key ON results(kind, key);
    CREATE INDEX results_story ON results(kind, story_id);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 4: an analysis being written in parts (windowed analysis); swapped into results when complete
    """
    CREATE TABLE results_next (
        kind TEXT NOT NULL,
        seq INTEGER NOT NULL,
        key TEXT,
        story_id TEXT,
        data TEXT NOT NULL,
        PRIMARY KEY (kind, seq)
    );
    """,
)

# Analysis field -> record class, in export order.
RESULT_KINDS: dict[str, type] = {
    "stories": Story,
    "storylines": Storyline,
    "entities": Entity,
    "time_expressions": TimeExpression,
    "attributions": Attribution,
    "claims": Claim,
    "provenance": ProvenanceEdge,
    "contradictions": Contradiction,
    "positions": Position,
    "briefings": Briefing,
}

_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ref", "cmpid", "ocid")


def normalise_url(url: str | None) -> str | None:
    """A key that equal articles share: lower-case host without ``www.``, no
    scheme, fragment, tracking parameters or trailing slash.

    >>> normalise_url("https://www.Example.com/a/b/?utm_source=x&id=3#top")
    'example.com/a/b?id=3'
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if not host:
        return None
    if host.startswith("www."):
        host = host[4:]
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING_PARAMS)]
    path = parts.path.rstrip("/")
    return urlunsplit(("", host, path, urlencode(sorted(query)), "")).lstrip("/")


def content_hash(title: str, text: str) -> str:
    """Hash of the whitespace-normalised, case-folded title and text."""
    norm = " ".join((title + "\n" + text).split()).casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


class Store:
    """A Storyline database file. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path = "storyline.db") -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from exc

    # ----------------------------------------------------------- lifecycle
    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.path}: store schema v{version} is newer than this Storyline (v{len(MIGRATIONS)}); upgrade Storyline"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.conn:
                self.conn.executescript("BEGIN;" + script + f"; PRAGMA user_version={number};")

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # ------------------------------------------------------------ articles
    def add_article(self, article: Article) -> tuple[str, Article]:
        """Store one article; returns ``("added"|"exists", stored_article)``.

        The same article (same normalised URL, else same content hash) is kept
        once. An id already used by a different article gets a hash suffix.
        """
        url_key = normalise_url(article.url)
        chash = article.content_hash or content_hash(article.title, article.text)
        try:
            row = None
            if url_key:
                row = self.conn.execute("SELECT data FROM articles WHERE url_key=?", (url_key,)).fetchone()
            else:
                # "+url_key": keep the planner off the url_key index, where IS NULL matches
                # every URL-less article (a scan per insert, so ingest slowed with the store)
                row = self.conn.execute(
                    "SELECT data FROM articles WHERE content_hash=? AND +url_key IS NULL", (chash,)
                ).fetchone()
            if row is not None:
                return "exists", _article_from_json(row[0])
            art_id = article.id
            if self.conn.execute("SELECT 1 FROM articles WHERE id=?", (art_id,)).fetchone():
                art_id = f"{article.id}-{chash[:8]}"
                if self.conn.execute("SELECT 1 FROM articles WHERE id=?", (art_id,)).fetchone():
                    return "exists", self.get_article(art_id)  # type: ignore[return-value]
            from dataclasses import replace

            stored = replace(article, id=art_id, content_hash=chash)
            with self.conn:
                self.conn.execute(
                    "INSERT INTO articles(id, url_key, content_hash, published, outlet, language, data, ingested_at)"
                    " VALUES (?,?,?,?,?,?,?,?)",
                    (art_id, url_key, chash, stored.published, stored.outlet, stored.language,
                     json.dumps(to_dict(stored), ensure_ascii=False), time.time()),
                )
            return "added", stored
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot store article {article.id} ({exc})") from exc

    def get_article(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT data FROM articles WHERE id=?", (article_id,)).fetchone()
        return _article_from_json(row[0]) if row else None

    def iter_articles(self) -> Iterator[Article]:
        """All articles in ingestion order."""
        for (data,) in self.conn.execute("SELECT data FROM articles ORDER BY seq"):
            yield _article_from_json(data)

    def articles(self) -> list[Article]:
        return list(self.iter_articles())

    def article_dates(self) -> Iterator[tuple[int, str | None]]:
        """``(seq, published)`` of every article in ingestion order: enough to put a stream in order
        without reading any text (see :func:`storyline.pipeline.iter_stream_order`)."""
        yield from self.conn.execute("SELECT seq, published FROM articles ORDER BY seq")

    def articles_by_seq(self, seqs: Iterable[int]) -> list[Article]:
        """The articles with these ``seq`` numbers, in the order given (unknown ones are left out)."""
        return self._articles_by("seq", list(seqs))

    def articles_by_id(self, ids: Iterable[str]) -> list[Article]:
        """The articles with these ids, in the order given (unknown ones are left out)."""
        return self._articles_by("id", list(ids))

    def _articles_by(self, column: str, wanted: list[Any]) -> list[Article]:
        found: dict[Any, Article] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {column}, data FROM articles WHERE {column} IN ({marks})"  # column: ours, not input
            for key, data in self.conn.execute(sql, chunk):
                found[key] = _article_from_json(data)
        return [found[k] for k in wanted if k in found]

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def count_outlets(self) -> int:
        """How many distinct outlets the stored articles name (from the indexed column, no text read)."""
        return int(self.conn.execute("SELECT COUNT(DISTINCT outlet) FROM articles WHERE outlet != ''").fetchone()[0])

    # ------------------------------------------------------------- sources
    def source_done(self, source: str, size: int | None, mtime: float | None) -> bool:
        row = self.conn.execute("SELECT size, mtime FROM sources WHERE source=?", (source,)).fetchone()
        return row is not None and row[0] == size and row[1] == mtime

    def mark_source_done(self, source: str, size: int | None, mtime: float | None) -> None:
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO sources(source, size, mtime, done_at) VALUES (?,?,?,?)",
                (source, size, mtime, time.time()),
            )

    # ------------------------------------------------------------ failures
    def add_failure(self, failure: Failure) -> None:
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO failures(source, code, reason, stage, at) VALUES (?,?,?,?,?)",
                (failure.source, failure.code, failure.reason, failure.stage, time.time()),
            )

    def failures(self) -> list[Failure]:
        rows = self.conn.execute("SELECT source, code, reason, stage FROM failures ORDER BY at")
        return [Failure(*r) for r in rows]

    # ------------------------------------------------------------ features
    def get_features(self, kind: str, version: str, article_ids: Iterable[str]) -> dict[str, bytes]:
        """Cached feature blobs for the given articles (missing ones are absent)."""
        ids = list(article_ids)
        out: dict[str, bytes] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for aid, data in self.conn.execute(
                f"SELECT article_id, data FROM features WHERE kind=? AND version=? AND article_id IN ({marks})",
                (kind, version, *chunk),
            ):
                out[aid] = data
        return out

    def have_features(self, kind: str, version: str, article_ids: Iterable[str]) -> set[str]:
        """Which of the given articles have a cached feature (their blobs are not read)."""
        ids = list(article_ids)
        out: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            out.update(
                aid
                for (aid,) in self.conn.execute(
                    f"SELECT article_id FROM features WHERE kind=? AND version=? AND article_id IN ({marks})",
                    (kind, version, *chunk),
                )
            )
        return out

    def put_features(self, kind: str, version: str, items: Iterable[tuple[str, bytes]]) -> None:
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO features(article_id, kind, version, data) VALUES (?,?,?,?)",
                ((aid, kind, version, data) for aid, data in items),
            )

    def get_vectors(self, kind: str, version: str, article_ids: Iterable[str]) -> dict[str, np.ndarray]:
        """Cached float32 vectors (see :meth:`put_vectors`)."""
        return {k: np.frombuffer(v, dtype=np.float32) for k, v in self.get_features(kind, version, article_ids).items()}

    def put_vectors(self, kind: str, version: str, vectors: dict[str, np.ndarray]) -> None:
        self.put_features(kind, version, ((k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()))

    # ------------------------------------------------------------- results
    def save_analysis(self, analysis: Analysis) -> None:
        """Replace the stored analysis with this one; readers see the old one until it is complete."""
        writer = self.analysis_writer()
        writer.add(analysis)
        writer.finish(analysis.duplicate_of, analysis.cites, analysis.extras)

    def analysis_writer(self) -> AnalysisWriter:
        """Write a new analysis in parts (:class:`AnalysisWriter`); the stored one stays until ``finish``."""
        return AnalysisWriter(self)

    def iter_results(self, kind: str) -> Iterator[dict[str, Any]]:
        """One stored result list (a key of ``RESULT_KINDS``), record by record as plain data.

        For streaming exports: never holds more than one record.
        """
        if kind not in RESULT_KINDS:
            raise KeyError(f"unknown result kind {kind!r}; known: {sorted(RESULT_KINDS)}")
        for (data,) in self.conn.execute("SELECT data FROM results WHERE kind=? ORDER BY seq", (kind,)):
            yield json.loads(data)

    def result_counts(self) -> dict[str, int]:
        """How many records each stored result list holds (0 for an empty one)."""
        counts = dict.fromkeys(RESULT_KINDS, 0)
        for kind, n in self.conn.execute("SELECT kind, COUNT(*) FROM results GROUP BY kind"):
            counts[kind] = int(n)
        return counts

    def analysis_meta(self) -> dict[str, Any]:
        """The article-level part of the stored analysis: ``duplicate_of``, ``cites``, ``extras`` (plain data)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key='analysis'").fetchone()
        return dict(json.loads(row[0])) if row else {}

    def load_analysis(self) -> Analysis:
        lists: dict[str, Any] = {}
        for kind, cls in RESULT_KINDS.items():
            rows = self.conn.execute("SELECT data FROM results WHERE kind=? ORDER BY seq", (kind,))
            lists[kind] = tuple(from_dict(cls, json.loads(d)) for (d,) in rows)
        row = self.conn.execute("SELECT value FROM meta WHERE key='analysis'").fetchone()
        extra = json.loads(row[0]) if row else {}
        cites = {k: tuple(Cite(**c) for c in v) for k, v in (extra.get("cites") or {}).items()}
        return Analysis(
            duplicate_of=dict(extra.get("duplicate_of") or {}),
            cites=cites,
            extras=dict(extra.get("extras") or {}),
            **lists,
        )


class AnalysisWriter:
    """A new analysis written in parts, then swapped in for the stored one in one transaction.

    Each :meth:`add` appends a partial :class:`Analysis` (its result lists; record
    order is the order of the parts) to a staging table and commits, so memory
    holds one part at a time. :meth:`finish` writes the article-level part
    (``duplicate_of``, ``cites``, ``extras``) and replaces the stored results.
    Until then readers see the previous analysis; a run interrupted half-way
    leaves it in place, and the next writer clears the staging table.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.counts: dict[str, int] = dict.fromkeys(RESULT_KINDS, 0)
        self.token = f"{os.getpid()}-{time.time_ns()}-{id(self)}"

        def start(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM results_next")
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('analysis_writer', ?)", (self.token,))

        self._run(start)

    def _run(self, work: Any) -> None:
        conn = self.store.conn
        try:
            with conn:
                work(conn)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.store.path}: cannot save the analysis ({exc})") from exc

    def add(self, part: Analysis) -> None:
        def write(conn: sqlite3.Connection) -> None:
            for kind in RESULT_KINDS:
                rows = []
                for rec in getattr(part, kind):
                    data = to_dict(rec)
                    key = data.get("id") or data.get("article_id")
                    text = json.dumps(data, ensure_ascii=False)
                    rows.append((kind, self.counts[kind], key, data.get("story_id"), text))
                    self.counts[kind] += 1
                conn.executemany(
                    "INSERT INTO results_next(kind, seq, key, story_id, data) VALUES (?,?,?,?,?)", rows
                )

        before = dict(self.counts)
        try:
            self._run(write)
        except StoreError:
            self.counts = before
            raise

    def finish(self, duplicate_of: dict[str, str], cites: dict[str, Any], extras: dict[str, Any]) -> None:
        article_level = {
            "duplicate_of": duplicate_of,
            "cites": {k: [to_dict(c) for c in v] for k, v in cites.items()},
            "extras": to_dict(extras),
        }

        def swap(conn: sqlite3.Connection) -> None:
            row = conn.execute("SELECT value FROM meta WHERE key='analysis_writer'").fetchone()
            if row is None or row[0] != self.token:
                # a second analysis of this store started after this one (another process): its
                # staged rows replaced ours, so neither may be swapped in half-written
                raise sqlite3.OperationalError("another analysis was being written to it at the same time")
            conn.execute("DELETE FROM meta WHERE key='analysis_writer'")
            conn.execute("DELETE FROM results")
            conn.execute(
                "INSERT INTO results(kind, seq, key, story_id, data) "
                "SELECT kind, seq, key, story_id, data FROM results_next"
            )
            conn.execute("DELETE FROM results_next")
            conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('analysis', ?)",
                (json.dumps(article_level, ensure_ascii=False, default=str),),
            )
            conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('analyzed_at', ?)", (str(time.time()),)
            )

        self._run(swap)


def _article_from_json(data: str) -> Article:
    return from_dict(Article, json.loads(data))
