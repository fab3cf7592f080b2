"""Dedup keeps only the live window: copies within it are found, memory does not grow with the stream."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.dedup.minhash import DedupParams, jaccard, jaccard_ids, shingle_ids, shingles
from storyline.dedup.stage import SIGNATURE_CHUNK, find_copies, read_options
from storyline.errors import ConfigError
from storyline.pipeline import stream_order
from storyline.records import Article
from storyline.store import Store

BODY = (
    "The harbour board of Quillon agreed on Monday to dredge the silted channel before the winter "
    "storms, after two trawlers ran aground on the same sandbank within a week.\n"
    "Skippers said the channel had narrowed so far that boats waited for the high tide to leave, "
    "losing half a day of fishing on every trip out to the banks."
)


def art(aid: str, text: str, published: str | None = None) -> Article:
    return Article(id=aid, url=None, outlet=None, outlet_domain=None, title="", published=published,
                   language="en", text=text, original_text=text)


def filler(n: int) -> str:
    """A text unlike BODY and unlike filler(m) for m != n (its own numbered words)."""
    return " ".join(f"w{n}x{i}" for i in range(40))


def day(n: int) -> str:
    return (date(2026, 1, 1) + timedelta(days=n)).isoformat()


def copies(articles: list[Article], **opts: int) -> tuple[dict[str, str], set[tuple[str, str]], dict[str, int]]:
    stats: dict[str, int] = {}
    dup, edges = find_copies(list(stream_order(articles)), None, DedupParams(**opts), stats)
    return dup, {(e.article_id, e.source) for e in edges}, stats


def test_a_copy_inside_the_window_is_found_and_one_after_it_is_not():
    arts = [art("orig", BODY, day(0)), art("soon", BODY, day(9)), art("late", BODY, day(45))]
    dup, edges, _ = copies(arts, window_days=30)
    assert dup == {"soon": "orig"}  # "late" is 36 days after "soon", 45 after "orig"
    assert ("late", "orig") not in edges and ("late", "soon") not in edges
    dup_all, _, _ = copies(arts, window_days=0)  # no window: every copy, as before
    assert dup_all == {"soon": "orig", "late": "orig"}


def test_the_live_set_is_bounded_by_the_window_not_the_stream():
    arts = [art(f"a{n}", filler(n), day(n)) for n in range(120)]  # one article a day for 120 days
    _, _, windowed = copies(arts, window_days=10)
    _, _, unbounded = copies(arts, window_days=0)
    assert windowed["peak_live"] <= 11
    assert windowed["evicted"] >= 120 - 11
    assert unbounded["peak_live"] == 120 and unbounded["evicted"] == 0


def test_undated_articles_before_the_first_date_are_not_dropped_by_it():
    arts = [art("undated", BODY), art("dated", BODY, day(3))]
    dup, _, stats = copies(arts, window_days=1)
    assert dup == {"dated": "undated"}
    assert stats["evicted"] == 0


def test_an_undated_article_takes_the_stream_date_and_ages_out_with_it():
    # stream order puts the undated article right after the article ingested before it (day 0)
    arts = [art("d0", filler(1), day(0)), art("undated", BODY), art("d40", filler(2), day(40)),
            art("copy", BODY, day(41))]
    dup, _, _ = copies(arts, window_days=30)
    assert dup == {}
    dup_all, _, _ = copies(arts, window_days=0)
    assert dup_all == {"copy": "undated"}


def test_signatures_are_read_chunk_by_chunk_across_the_chunk_edge(tmp_path):
    n = SIGNATURE_CHUNK + 5
    arts = [art(f"f{i}", filler(i), day(0)) for i in range(n)] + [art("copy", filler(n - 2), day(1))]
    ordered = list(stream_order(arts))
    with Store(tmp_path / "c.db") as store:
        first = find_copies(ordered, store, DedupParams())
        cached = store.get_features("minhash", DedupParams().version, [a.id for a in arts])
        again = find_copies(ordered, store, DedupParams())  # from the cache this time
    assert len(cached) == n + 1
    assert first[0] == again[0] == {"copy": f"f{n - 2}"}  # its source lies in the second chunk


def test_window_days_accepts_zero_and_refuses_negative():
    assert read_options({"window_days": 0}).window_days == 0
    assert read_options({"window_days": "7"}).window_days == 7
    with pytest.raises(ConfigError, match="window_days"):
        read_options({"window_days": -1})


@given(
    st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=30),
    st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=30),
    st.integers(1, 4),
)
def test_hashed_shingles_give_the_same_jaccard_as_the_sets(a, b, k):
    sa, sb = shingles(a, k), shingles(b, k)
    assert jaccard_ids(shingle_ids(sa), shingle_ids(sb)) == jaccard(sa, sb)
    assert len(shingle_ids(sa)) == len(sa)
