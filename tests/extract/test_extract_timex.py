"""Time expressions resolved against a known publication date (Thursday 2025-11-20), and undated."""

from __future__ import annotations

import pytest

from storyline.extract.timex import find_time_expressions, parse_published

PUB = "2025-11-20"  # a Thursday


def resolve(text: str, published: str | None = PUB):
    found = find_time_expressions("t", text, published)
    assert found, f"nothing found in {text!r}"
    t = found[0]
    assert text[t.start : t.end] == t.text
    return t


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The strike started last week.", "2025-11-10/2025-11-16"),
        ("Talks continue this week.", "2025-11-17/2025-11-23"),
        ("A vote is due later this week.", "2025-11-21/2025-11-23"),
        ("The deadline is on November 30.", "2025-11-30"),
        ("The mayor spoke on Monday.", "2025-11-17"),
        ("The results come on Saturday.", "2025-11-22"),
        ("The mayor spoke on Thursday.", "2025-11-20"),
        ("The fire broke out yesterday.", "2025-11-19"),
        ("Ministers meet next week.", "2025-11-24/2025-11-30"),
        ("Prices fell last month.", "2025-10-01/2025-10-31"),
        ("The law passed on Nov. 3, 2021.", "2021-11-03"),
        ("It was founded in 1998.", "1998-01-01/1998-12-31"),
        ("Three days ago the bridge shut.", "2025-11-17"),
    ],
)
def test_resolved_against_publication_date(text: str, value: str):
    t = resolve(text)
    assert t.value == value
    assert t.relative is False


def test_month_day_without_year_takes_nearest_year():
    # published early January: "December 28" is last year's
    t = resolve("The protest on December 28 was peaceful.", "2026-01-03")
    assert t.value == "2025-12-28"


def test_undated_article_relative_expression():
    t = resolve("The strike started last week.", None)
    assert t.value is None and t.relative is True and t.note == "article undated"


def test_undated_article_absolute_date_still_resolves():
    t = resolve("The law passed on Nov. 3, 2021.", None)
    assert t.value == "2021-11-03" and t.relative is False


def test_parse_published_forms():
    assert str(parse_published("2025-11-20T08:30:00Z")) == "2025-11-20"
    assert parse_published("not a date") is None
    assert parse_published(None) is None


def test_no_time_expression():
    assert find_time_expressions("t", "The committee approved the plan.", PUB) == []
