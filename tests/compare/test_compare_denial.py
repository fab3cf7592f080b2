"""A denial in a later story contradicts the earlier report of what it denies.

Fictional places, outlets and people; worded unlike the sample corpus.
"""

from __future__ import annotations

from storyline.compare.contradictions import denial
from storyline.compare.frames import parse_frames
from storyline.records import Storyline


def _two_stories(build, later: str):
    early = (
        "Negotiators from Brask and Tolvia have agreed to a fuel embargo on the northern ports, "
        "a diplomat told the Valley Courier."
    )
    a1 = build.article("d1", "Valley Courier", early, published="2026-04-01")
    a2 = build.article("d2", "Fjord Tribune", later, published="2026-04-06")
    c1 = build.claim("c1", "s1", early, [a1])
    c2 = build.claim("c2", "s2", later, [a2])
    stories = [build.story("s1", [a1], "L1"), build.story("s2", [a2], "L1")]
    return build.analyse([a1, a2], stories, [c1, c2], storylines=[Storyline("L1", "embargo", ("s1", "s2"))])


def test_a_later_denial_contradicts_the_report_across_stories(build):
    result = _two_stories(build, "The Tolvian trade ministry denied that any fuel embargo had been agreed.")
    assert len(result.contradictions) == 1
    c = result.contradictions[0]
    assert c.kind == "stance" and c.claim_ids == ("c1", "c2") and c.story_id == "s2"
    assert "denies 'agree'" in c.evidence and "embargo" in c.evidence
    assert {x.id: x.status for x in result.claims} == {"c1": "disputed", "c2": "disputed"}


def test_a_denial_of_something_else_is_no_contradiction(build):
    result = _two_stories(
        build, "The Tolvian trade ministry denied that any prisoner exchange had been agreed."
    )
    assert result.contradictions == ()


def test_agreeing_to_talk_about_it_is_not_what_was_denied():
    deny, talks, plan = parse_frames(
        [
            "The trade ministry denied that any fuel embargo had been agreed.",
            "The two sides agreed to extend the fuel embargo talks.",
            "The two sides will agree to a fuel embargo next week.",
        ]
    )
    (asserted,) = parse_frames(["The two sides agreed to a fuel embargo on the ports."])
    assert denial(deny, asserted) is not None
    assert denial(deny, talks) is None  # "embargo" only modifies "talks"
    assert denial(deny, plan) is None  # a plan, not an agreement reached
    assert denial(asserted, deny) is None  # the asserting side denies nothing


def test_a_truncated_copy_of_a_claim_does_not_contradict_it(build):
    """Extraction may cut one sentence into overlapping claims; a piece without its "not" is no denial."""
    text = "The Brask envoy is not leaving the conference on Thursday, officials said."
    art = build.article("t1", "Fjord Tribune", text)
    whole = build.claim("c1", "s1", "The Brask envoy is not leaving the conference on Thursday", [art])
    piece = build.claim("c2", "s1", "leaving the conference on Thursday", [art])
    result = build.analyse([art], [build.story("s1", [art])], [whole, piece])
    assert result.contradictions == ()
    other = build.article("t2", "Ostmark Post", "The Brask envoy is leaving the conference on Thursday.")
    far = build.claim("c3", "s1", "The Brask envoy is leaving the conference on Thursday.", [other])
    result = build.analyse([art, other], [build.story("s1", [art, other])], [whole, far])
    assert [c.kind for c in result.contradictions] == ["negation"]  # a separate report does contradict
