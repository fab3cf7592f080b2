"""Actors' positions: stance cues, issues found in the storyline, and a change between stories."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.compare.positions import stance_of


def test_stance_cues_from_the_data_file():
    assert stance_of("We are ready to discuss a border commission.") == "supports"
    assert stance_of("We will not discuss a border commission.") == "opposes"
    assert stance_of("We do not support a border commission.") == "opposes"
    assert stance_of("We will discuss a border commission only if the shelling stops.") == "conditional"
    assert stance_of("A border commission met on Monday.") == "unclear"


@given(st.text(max_size=200))
def test_stance_of_any_text_is_one_of_four(text):
    assert stance_of(text) in {"supports", "opposes", "conditional", "unclear"}


def _storyline(build):
    a1 = build.article(
        "a1",
        "Harbour Gazette",
        "Premier Ilka Dorn said Varnia will not accept a demilitarised zone. Talks continue.",
        published="2026-02-01",
    )
    a2 = build.article(
        "a2",
        "Valley Courier",
        "Premier Ilka Dorn said her government rejects a demilitarised zone.",
        published="2026-02-02",
    )
    b1 = build.article(
        "b1",
        "Harbour Gazette",
        "Premier Ilka Dorn said Varnia is ready to accept a demilitarised zone along the river.",
        published="2026-03-10",
    )
    s1 = build.story("s1", [a1, a2], "L1")
    s2 = build.story("s2", [b1], "L1")
    from storyline.records import Storyline

    atts = [
        build.attribution(
            "t1", a1, "Ilka Dorn", "Premier Ilka Dorn said Varnia will not accept a demilitarised zone."
        ),
        build.attribution(
            "t2", a2, "Ilka Dorn", "Premier Ilka Dorn said her government rejects a demilitarised zone."
        ),
        build.attribution(
            "t3",
            b1,
            "Ilka Dorn",
            "Premier Ilka Dorn said Varnia is ready to accept a demilitarised zone along the river.",
        ),
    ]
    return [a1, a2, b1], [s1, s2], [Storyline("L1", "zone talks", ("s1", "s2"))], atts


def test_position_changes_between_two_stories_of_one_storyline(build):
    arts, stories, lines, atts = _storyline(build)
    result = build.analyse(arts, stories, attributions=atts, storylines=lines)
    zone = [p for p in result.positions if p.issue == "demilitarised zone"]
    assert [(p.story_id, p.stance, p.changed) for p in zone] == [
        ("s1", "opposes", False),
        ("s2", "supports", True),
    ]
    first, second = zone
    assert first.actor == "Ilka Dorn" and first.storyline_id == "L1"
    assert set(first.article_ids) == {"a1", "a2"} and first.date == "2026-02-01"
    assert "will not accept" in first.evidence
    assert second.article_ids == ("b1",) and "ready to accept" in second.evidence


def test_issue_needs_support_from_more_than_one_article(build):
    arts, stories, lines, atts = _storyline(build)
    result = build.analyse(
        arts, stories, attributions=atts, storylines=lines, options={"min_issue_articles": 4}
    )
    assert result.positions == ()


def test_reported_position_of_a_named_subject(build):
    """No quote: 'Lutania rejects ...' is a reported position of Lutania."""
    a = build.article(
        "a1", "Harbour Gazette", "Lutania rejects the proposed grain corridor.", published="2026-02-01"
    )
    b = build.article(
        "b1", "Valley Courier", "Lutania backs the proposed grain corridor.", published="2026-02-09"
    )
    ca = build.claim("ca", "s1", "Lutania rejects the proposed grain corridor.", [a])
    cb = build.claim("cb", "s2", "Lutania backs the proposed grain corridor.", [b])
    from storyline.records import Storyline

    result = build.analyse(
        [a, b],
        [build.story("s1", [a], "L1"), build.story("s2", [b], "L1")],
        [ca, cb],
        storylines=[Storyline("L1", "corridor", ("s1", "s2"))],
    )
    got = [(p.actor, p.issue, p.stance, p.changed) for p in result.positions]
    issue = "proposed grain corridor"
    assert got == [("Lutania", issue, "opposes", False), ("Lutania", issue, "supports", True)]
