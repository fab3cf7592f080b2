"""Read access to the store for the API and the UI: one cached, indexed snapshot.

Every request needs the same joined view (articles by id, stories by id,
claims per story...). Loading the whole analysis per request would be wasteful,
so the snapshot is rebuilt only when the store changed (article count, failure
count or the time stamp of the last saved analysis). The store connection is
shared between worker threads behind a lock (SQLite in WAL mode,
``check_same_thread=False``); writes (ingest) use their own connection.

Search is a case-folded substring match of every query word over title, text
and outlet, done in Python over the snapshot: the store's schema has no
full-text index and is not this adapter's to change; at the corpus sizes the
UI serves (thousands of articles) a scan is a few milliseconds.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.records import (
    Analysis,
    Article,
    Attribution,
    Briefing,
    Claim,
    Contradiction,
    Failure,
    Position,
    ProvenanceEdge,
    Story,
    Storyline,
)
from storyline.store import Store


@dataclass
class Snapshot:
    """The store's articles and last analysis, with the indexes the pages need."""

    articles: list[Article]
    analysis: Analysis
    failures: list[Failure]
    by_id: dict[str, Article] = field(default_factory=dict)
    stories: dict[str, Story] = field(default_factory=dict)
    storylines: dict[str, Storyline] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)  # article id -> story id
    claims: dict[str, Claim] = field(default_factory=dict)
    attributions_of: dict[str, list[Attribution]] = field(default_factory=dict)
    briefing_of: dict[str, Briefing] = field(default_factory=dict)  # story id -> briefing
    claims_of: dict[str, list[Claim]] = field(default_factory=dict)  # story id -> claims
    _haystack: dict[str, str] = field(default_factory=dict)
    _export: dict[str, Any] | None = None

    @classmethod
    def build(cls, articles: list[Article], analysis: Analysis, failures: list[Failure]) -> Snapshot:
        snap = cls(articles=articles, analysis=analysis, failures=failures)
        snap.by_id = {a.id: a for a in articles}
        snap.stories = {s.id: s for s in analysis.stories}
        snap.storylines = {s.id: s for s in analysis.storylines}
        for story in analysis.stories:
            for aid in story.article_ids:
                snap.story_of.setdefault(aid, story.id)
        snap.claims = {c.id: c for c in analysis.claims}
        by_story: dict[str, list[Claim]] = defaultdict(list)
        for claim in analysis.claims:
            by_story[claim.story_id or ""].append(claim)
        snap.claims_of = dict(by_story)
        atts: dict[str, list[Attribution]] = defaultdict(list)
        for att in analysis.attributions:
            atts[att.article_id].append(att)
        snap.attributions_of = dict(atts)
        for b in analysis.briefings:
            if b.story_id and b.story_id not in snap.briefing_of:
                snap.briefing_of[b.story_id] = b
        snap._haystack = {a.id: f"{a.title}\n{a.outlet or ''}\n{a.text}".casefold() for a in articles}
        return snap

    # ------------------------------------------------------------ queries
    def search_articles(
        self,
        q: str | None = None,
        outlet: str | None = None,
        language: str | None = None,
        story_id: str | None = None,
    ) -> list[Article]:
        """Articles matching every word of ``q`` and the exact-value filters, in store order."""
        words = (q or "").casefold().split()
        out = []
        for art in self.articles:
            if outlet is not None and (art.outlet or "").casefold() != outlet.casefold():
                continue
            if language is not None and (art.language or "") != language:
                continue
            if story_id is not None and self.story_of.get(art.id) != story_id:
                continue
            hay = self._haystack[art.id]
            if all(w in hay for w in words):
                out.append(art)
        return out

    def story_articles(self, story: Story) -> list[Article]:
        return [self.by_id[i] for i in story.article_ids if i in self.by_id]

    def story_outlets(self, story: Story) -> list[str]:
        return sorted({a.outlet for a in self.story_articles(story) if a.outlet})

    def claims_for(self, story_id: str | None = None, status: str | None = None) -> list[Claim]:
        pool = self.analysis.claims if story_id is None else self.claims_of.get(story_id, [])
        return [c for c in pool if status is None or c.status == status]

    def provenance_for(self, story_id: str | None = None, article_id: str | None = None) -> list[ProvenanceEdge]:
        members = set(self.stories[story_id].article_ids) if story_id in self.stories else None
        out = []
        for e in self.analysis.provenance:
            if story_id is not None and (members is None or (e.article_id not in members and e.source not in members)):
                continue
            if article_id is not None and article_id not in (e.article_id, e.source):
                continue
            out.append(e)
        return out

    def contradictions_for(self, story_id: str | None = None) -> list[Contradiction]:
        return [c for c in self.analysis.contradictions if story_id is None or c.story_id == story_id]

    def positions_for(
        self, actor: str | None = None, issue: str | None = None, story_id: str | None = None
    ) -> list[Position]:
        def hit(value: str | None, want: str | None) -> bool:
            return want is None or (value or "").casefold() == want.casefold()

        return [
            p for p in self.analysis.positions
            if hit(p.actor, actor) and hit(p.issue, issue) and (story_id is None or p.story_id == story_id)
        ]

    def attributions_for(self, article_id: str | None = None, speaker_kind: str | None = None) -> list[Attribution]:
        pool: Sequence[Attribution] = (
            self.attributions_of.get(article_id, []) if article_id is not None else self.analysis.attributions
        )
        return [a for a in pool if speaker_kind is None or a.speaker_kind == speaker_kind]

    def export(self) -> dict[str, Any]:
        """The full export, built once per snapshot (it is the largest response by far)."""
        if self._export is None:
            from storyline.export import build_export

            self._export = build_export(self.articles, self.analysis, self.failures)
        return self._export

    def briefings_for(self, story_id: str | None = None) -> list[Briefing]:
        return [b for b in self.analysis.briefings if story_id is None or b.story_id == story_id]


class DataSource:
    """A shared read connection and the current snapshot, rebuilt when the store changes."""

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self._store = Store(db_path)
        self._lock = threading.RLock()
        self._key: tuple[Any, ...] | None = None
        self._snap: Snapshot | None = None

    def _version(self) -> tuple[Any, ...]:
        conn = self._store.conn
        n_art = conn.execute("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM articles").fetchone()
        n_fail = conn.execute("SELECT COUNT(*) FROM failures").fetchone()[0]
        row = conn.execute("SELECT value FROM meta WHERE key='analyzed_at'").fetchone()
        return (*n_art, n_fail, row[0] if row else None)

    def snapshot(self) -> Snapshot:
        """The current snapshot (rebuilt under the lock if the store changed)."""
        with self._lock:
            key = self._version()
            if self._snap is None or key != self._key:
                self._snap = Snapshot.build(
                    self._store.articles(), self._store.load_analysis(), self._store.failures()
                )
                self._key = key
            return self._snap

    def schema_version(self) -> int:
        with self._lock:
            return self._store.schema_version

    def invalidate(self) -> None:
        with self._lock:
            self._snap = None

    def close(self) -> None:
        with self._lock:
            self._store.close()
