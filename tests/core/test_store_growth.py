"""The store's per-article work must not grow with the number of stored articles.

Counted in SQLite virtual-machine steps (``set_progress_handler``), not seconds,
so the check is deterministic on a loaded machine.
"""

from __future__ import annotations

from storyline.records import Article
from storyline.store import Store


def _article(n: int, url: str | None) -> Article:
    text = f"Report number {n} says something different from every other report. " * 3
    return Article(
        id=f"a{n}", url=url, outlet="Example", outlet_domain=None, title=f"Title {n}",
        published="2026-01-02", language="en", text=text, original_text=text,
    )


def _steps_to_add(store: Store, art: Article) -> int:
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    store.conn.set_progress_handler(tick, 1)
    try:
        status, _ = store.add_article(art)
    finally:
        store.conn.set_progress_handler(None, 1)
    assert status == "added"
    return count[0]


def _cost_after(size: int, with_url: bool) -> int:
    with Store(":memory:") as store:
        for n in range(size):
            store.add_article(_article(n, f"https://example.org/{n}" if with_url else None))
        return _steps_to_add(store, _article(size, f"https://example.org/{size}" if with_url else None))


def test_adding_an_article_without_url_costs_the_same_in_a_small_and_a_large_store():
    small, large = _cost_after(20, with_url=False), _cost_after(400, with_url=False)
    assert large <= small * 1.5 + 50, (small, large)


def test_adding_an_article_with_url_costs_the_same_in_a_small_and_a_large_store():
    small, large = _cost_after(20, with_url=True), _cost_after(400, with_url=True)
    assert large <= small * 1.5 + 50, (small, large)
