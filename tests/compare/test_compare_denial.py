"""A denial in a later story contradicts the earlier report of what it denies.

Fictional places, outlets and people; worded unlike the sample corpus.
"""

from __future__ import annotations

from storyline.compare.contradictions import ClaimInfo, denial, find_contradictions
from storyline.compare.frames import parse_frames
from storyline.records import Claim, Mention, Storyline


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


def test_pieces_of_one_report_do_not_contradict_each_other():
    """Extraction may cut one sentence into overlapping claims; a piece that lost its "not" is no denial."""
    whole, cut, other = parse_frames(
        [
            "The Brask envoy is not leaving the conference on Thursday.",
            "The Brask envoy is leaving the conference on Thursday.",
            "The Brask envoy is leaving the conference on Thursday, a diplomat said.",
        ]
    )

    def info(cid: str, frame, article: str, start: int, end: int) -> ClaimInfo:
        claim = Claim(cid, "s1", frame.text, (Mention(article, frame.text, start, end),))
        return ClaimInfo(claim, frame, "2026-03-02", "2026-03-02", ("Fjord Tribune",))

    overlapping = [info("c1", whole, "a1", 0, 58), info("c2", cut, "a1", 10, 58)]
    assert find_contradictions(overlapping, "s1") == []
    separate = [info("c1", whole, "a1", 0, 58), info("c3", other, "a2", 0, 70)]
    assert [c.kind for c in find_contradictions(separate, "s1")] == ["negation"]


def test_a_possibility_is_not_what_a_denial_contradicts():
    deny, maybe, done = parse_frames(
        [
            "The trade ministry denied that any fuel embargo had been agreed.",
            "A fuel embargo could be agreed before the end of April.",
            "A fuel embargo was agreed on Monday.",
        ]
    )
    assert denial(deny, maybe) is None
    assert denial(deny, done) is not None
