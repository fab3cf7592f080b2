"""The story list keeps a storyline's stories together, placed at its newest story."""

from __future__ import annotations

from storyline.api.data import Snapshot
from storyline.api.web import grouped_by_storyline
from storyline.records import Analysis, Story, Storyline


def story(sid: str, day: str, line: str | None = None) -> Story:
    return Story(id=sid, title=sid, storyline_id=line, article_ids=(), first_seen=day, last_seen=day)


def test_storyline_members_follow_their_newest_story():
    stories = (story("old-a", "2026-01-01", "L"), story("mid", "2026-01-05"), story("new-a", "2026-01-09", "L"),
               story("newest", "2026-01-10"), story("undated", None))
    snap = Snapshot.build([], Analysis(stories=stories, storylines=(Storyline("L", "L", ("old-a", "new-a")),)), [])
    assert [s.id for s in grouped_by_storyline(snap)] == ["newest", "new-a", "old-a", "mid", "undated"]
