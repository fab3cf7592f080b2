"""Bare weekdays follow the sentence's tense; "early/mid/late <month>" are thirds of the month.

Publication date in these tests: Sunday 2026-03-29 (so the nearest Tuesday, 2026-03-31, is in
the future and the past-tense Tuesday is 2026-03-24)."""

from __future__ import annotations

import pytest

from storyline.extract.timex import find_time_expressions

PUB = "2026-03-29"  # a Sunday


def first(text: str, published: str | None = PUB):
    found = find_time_expressions("w", text, published)
    assert found, f"nothing found in {text!r}"
    t = found[0]
    assert text[t.start : t.end] == t.text
    return t


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The minister said on Tuesday that the border stays shut.", "2026-03-24"),
        ('"We will apply," Ramona Ilic said on Tuesday.', "2026-03-24"),
        ("On Tuesday, the council voted to close the depot.", "2026-03-24"),
        ("Ilic said on Tuesday that the talks would go on.", "2026-03-24"),
        ("Publication day counts: the fire broke out on Sunday.", "2026-03-29"),
    ],
)
def test_past_tense_weekday_is_on_or_before_publication(text: str, value: str):
    t = first(text)
    assert t.value == value and t.relative is False


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The delegations will meet on Tuesday.", "2026-03-31"),
        ("The envoy said the talks would go on through Thursday.", "2026-04-02"),
        ("Ministers meet next Tuesday.", "2026-03-31"),
        ("The vote is scheduled for Friday.", "2026-04-03"),
    ],
)
def test_future_tense_weekday_is_on_or_after_publication(text: str, value: str):
    assert first(text).value == value


def test_no_tense_marker_keeps_the_nearest_day():
    assert first("The talks resume on Monday.").value == "2026-03-30"


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("In early March she had said the offer stood.", "early March", "2026-03-01/2026-03-10"),
        ("Prices peaked in mid-March.", "mid-March", "2026-03-11/2026-03-20"),
        ("The floods came in late February.", "late February", "2026-02-21/2026-02-28"),
        ("By late March 2024 the plant was shut.", "late March 2024", "2024-03-21/2024-03-31"),
    ],
)
def test_part_of_month_is_a_range_in_the_publication_year(text: str, expr: str, value: str):
    t = first(text)
    assert t.text == expr
    assert t.value == value and t.relative is False


def test_part_of_month_in_an_undated_article_stays_relative():
    t = first("In early March she had said the offer stood.", None)
    assert t.value is None and t.relative is True and t.note == "article undated"
