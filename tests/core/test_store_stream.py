"""Reading the store as a stream: the same order as stream_order(), without loading every article at once."""

from __future__ import annotations

from storyline.pipeline import iter_stream_order, stream_order
from storyline.records import Article
from storyline.store import Store

DATES = [None, "2026-01-05", None, "2026-01-02", "2026-01-05", None, "2026-01-03T08:00:00Z", "2026-01-01"]


def _article(n: int, published: str | None) -> Article:
    text = f"Report {n} about a different matter than the others, number {n}."
    return Article(id=f"r{n}", url=None, outlet=None, outlet_domain=None, title=f"R{n}", published=published,
                   language="en", text=text, original_text=text)


def _filled(path) -> Store:
    store = Store(path)
    for n, published in enumerate(DATES):
        store.add_article(_article(n, published))
    return store


def test_iter_stream_order_matches_stream_order_of_all_articles(tmp_path):
    with _filled(tmp_path / "s.db") as store:
        expected = [a.id for a in stream_order(store.articles())]
        for chunk in (1, 3, 1000):
            assert [a.id for a in iter_stream_order(store, chunk=chunk)] == expected
    # dated by time; an undated article rides behind the dated one ingested before it; ties keep ingestion order
    assert expected == ["r0", "r7", "r3", "r6", "r1", "r2", "r4", "r5"]


def test_iter_stream_order_is_lazy(tmp_path):
    with _filled(tmp_path / "s.db") as store:
        calls: list[int] = []
        real = store.articles_by_seq

        def counting(seqs):
            seqs = list(seqs)
            calls.append(len(seqs))
            return real(seqs)

        store.articles_by_seq = counting  # type: ignore[method-assign]
        it = iter_stream_order(store, chunk=3)
        first = next(it)
        assert first.id == "r0"
        assert calls == [3]  # one chunk read, not the store
        assert len(list(it)) == len(DATES) - 1
        assert calls == [3, 3, 2]


def test_articles_by_seq_keeps_the_given_order_and_skips_unknown(tmp_path):
    with _filled(tmp_path / "s.db") as store:
        got = store.articles_by_seq([3, 1, 999, 2])
    assert [a.id for a in got] == ["r2", "r0", "r1"]
