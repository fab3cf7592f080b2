"""Calendar dates are resolved once per (expression, publication date); undated ones never cached."""

from __future__ import annotations

import dateparser

from storyline.extract import timex
from storyline.extract.timex import find_time_expressions


def _counting(monkeypatch):
    calls: list[str] = []
    real = dateparser.parse

    def parse(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(dateparser, "parse", parse)
    timex._calendar_cached.cache_clear()
    return calls


def test_same_day_named_in_two_articles_of_one_date_is_parsed_once(monkeypatch):
    calls = _counting(monkeypatch)
    a = find_time_expressions("a1", "The vote is set for November 30, aides said.", "2025-11-20")
    b = find_time_expressions("a2", "Lawmakers meet on November 30 to vote.", "2025-11-20")
    assert [t.value for t in a] == [t.value for t in b] == ["2025-11-30"]
    assert len(calls) == 1
    c = find_time_expressions("a3", "They met on November 30.", "2026-12-05")  # another date: parsed again
    assert [t.value for t in c] == ["2026-11-30"]
    assert len(calls) == 2


def test_undated_articles_are_not_cached(monkeypatch):
    calls = _counting(monkeypatch)
    values = [
        t.value
        for aid in ("u1", "u2")
        for t in find_time_expressions(aid, "The vote was set for Nov. 30, 2025.", None)
    ]
    assert values == ["2025-11-30", "2025-11-30"]
    assert len(calls) == 2
