"""Storyline linking: a later round of one matter joins its storyline within the window; once the
window has passed the storyline is closed (and leaves the index). Fictional stories, hand-made vectors."""

from __future__ import annotations

import numpy as np

from storyline.cluster.storylines import StorylineParams, _LineIndex, link_storylines
from storyline.records import Article, Story


def art(aid: str, published: str | None) -> Article:
    text = "Delegates of the Varn river commission met again over the water quota for the dry season."
    return Article(id=aid, url=None, outlet=None, outlet_domain=None, title="Varn river quota talks",
                   published=published, language="en", text=text, original_text=text)


def story(sid: str, day: str | None) -> Story:
    return Story(id=sid, title="Varn river quota talks", storyline_id=None, article_ids=(sid,),
                 first_seen=day, last_seen=day, languages=("en",))


def lines_of(dates: list[str | None], window_days: float = 120.0) -> list[str | None]:
    articles = [art(f"a{i}", d) for i, d in enumerate(dates)]
    stories = [story(f"s{i}", d) for i, d in enumerate(dates)]
    vectors = np.tile(np.array([[1.0, 0.2, 0.0]], dtype=np.float32), (len(dates), 1))
    groups = [[i] for i in range(len(dates))]
    out, _ = link_storylines(articles, stories, groups, vectors, StorylineParams(window_days=window_days))
    return [s.storyline_id for s in out]


def test_rounds_within_the_window_share_a_storyline_and_a_late_one_opens_another():
    ids = lines_of(["2026-01-05", "2026-02-20", "2026-09-30", "2026-10-02"])
    assert ids[0] == ids[1] and ids[2] == ids[3] and ids[1] != ids[2]


def test_undated_rounds_are_never_closed():
    ids = lines_of([None, "2026-01-05", None, "2026-12-30"], window_days=30)
    assert ids[0] == ids[1] == ids[2]  # an undated storyline gives no gap
    assert ids[3] != ids[0]  # the last dated story of that line is 359 days earlier


def test_the_index_retires_lines_past_the_window_and_keeps_the_rest_in_order():
    from datetime import datetime

    index = _LineIndex(2)
    for line, (vec, day) in enumerate([([1, 0], "2026-01-01"), ([0, 1], None), ([1, 1], "2026-03-01")]):
        index.put(line, np.array(vec, dtype=np.float32))
        if day:
            index.dated(line, day)
    index.retire_before(datetime(2026, 3, 10), window_days=30)
    rows, scores = index.scores(np.array([1.0, 0.0], dtype=np.float32))
    assert rows == [1, 2] and len(index) == 2
    assert np.allclose(scores, [0.0, 2 ** -0.5], atol=1e-6)
