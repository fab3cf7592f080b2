"""Each contradiction kind, an update that supersedes, and look-alikes that must stay quiet."""

from __future__ import annotations

import pytest


def _pair(build, text_a: str, text_b: str, date_a: str = "2026-03-02", date_b: str = "2026-03-02"):
    a = build.article("a1", "Harbour Gazette", f"Report. {text_a} More later.", published=date_a)
    b = build.article("b1", "Valley Courier", f"Update. {text_b} More later.", published=date_b)
    st = build.story("s1", [a, b])
    ca = build.claim("ca", "s1", text_a, [a])
    cb = build.claim("cb", "s1", text_b, [b])
    return build.analyse([a, b], [st], [ca, cb])


@pytest.mark.parametrize(
    ("kind", "text_a", "text_b"),
    [
        (
            "negation",
            "The Pellan council approved the harbour toll for lorries.",
            "The Pellan council did not approve the harbour toll for lorries.",
        ),
        (
            "stance",
            "The Orvik ministry confirmed that soldiers had entered the village of Dunmere.",
            "The Orvik ministry denied that soldiers had entered the village of Dunmere.",
        ),
        (
            "number",
            "Guards released 12 prisoners from the Harvel camp.",
            "Guards released 20 prisoners from the Harvel camp.",
        ),
        (
            "date",
            "The ferry service to Pellan island resumes on 4 May after repairs.",
            "The ferry service to Pellan island resumes on 18 May after repairs.",
        ),
    ],
)
def test_each_kind_is_found_and_both_claims_disputed(build, kind, text_a, text_b):
    result = _pair(build, text_a, text_b)
    assert [c.kind for c in result.contradictions] == [kind]
    x = result.contradictions[0]
    assert set(x.claim_ids) == {"ca", "cb"} and x.story_id == "s1"
    # evidence shows both sides with their outlets, no verdict
    assert text_a in x.evidence and text_b in x.evidence
    assert "Harbour Gazette" in x.evidence and "Valley Courier" in x.evidence
    assert {c.id: c.status for c in result.claims} == {"ca": "disputed", "cb": "disputed"}


def test_later_changed_figure_supersedes_and_disputes_nothing(build):
    result = _pair(
        build,
        "Rescuers found 9 survivors in the Orvik mine.",
        "Rescuers have now found 14 survivors in the Orvik mine.",
        date_a="2026-03-02",
        date_b="2026-03-05",
    )
    assert [c.kind for c in result.contradictions] == ["supersedes"]
    assert result.contradictions[0].claim_ids == ("ca", "cb")  # earlier first
    assert all(c.status == "single-source" for c in result.claims)


def test_later_claim_in_another_story_of_the_storyline_supersedes(build):
    a = build.article(
        "a1", "Harbour Gazette", "The Tessany cabinet rejected the dam project.", published="2026-03-02"
    )
    b = build.article(
        "b1", "Valley Courier", "The Tessany cabinet approved the dam project.", published="2026-03-20"
    )
    s1, s2 = build.story("s1", [a], "L1"), build.story("s2", [b], "L1")
    ca = build.claim("ca", "s1", "The Tessany cabinet rejected the dam project.", [a])
    cb = build.claim("cb", "s2", "The Tessany cabinet approved the dam project.", [b])
    result = build.analyse([a, b], [s1, s2], [ca, cb])
    assert [(c.kind, c.claim_ids, c.story_id) for c in result.contradictions] == [
        ("supersedes", ("ca", "cb"), "s2")
    ]


@pytest.mark.parametrize(
    ("text_a", "text_b"),
    [
        # same frame, other subject
        (
            "The Varnia delegation accepted the mediators' plan.",
            "The Lutania delegation rejected the mediators' plan.",
        ),
        # same numbers, more detail
        (
            "Guards released 12 prisoners from the Harvel camp.",
            "Guards released 12 prisoners from the Harvel camp on Tuesday, officials said.",
        ),
        # same verb and number noun, other place
        ("The mill will cut 300 jobs at its Dunmere site.", "The mill will cut 120 jobs at its Karsk site."),
        # a plan and a past event with different dates are different occasions
        ("The envoys will meet in Karsk on 14 June.", "The envoys met in Karsk on 2 June."),
        # different actions on the same object
        ("The union began the strike on 3 May.", "The union ended the strike on 9 May."),
    ],
)
def test_look_alikes_are_not_contradictions(build, text_a, text_b):
    result = _pair(build, text_a, text_b)
    assert result.contradictions == ()
    assert all(c.status != "disputed" for c in result.claims)


def test_attributed_claim_is_read_with_its_cue(build):
    """The claim text is only the content; the denial is in the attribution's sentence."""
    a = build.article(
        "a1", "Harbour Gazette", "The Orvik ministry confirmed that soldiers had entered Dunmere."
    )
    b = build.article("b1", "Valley Courier", "The Orvik ministry denied that soldiers had entered Dunmere.")
    att_a = build.attribution(
        "t1",
        a,
        "Orvik ministry",
        "The Orvik ministry confirmed that soldiers had entered Dunmere.",
        kind="organization",
        cue="confirmed",
    )
    att_b = build.attribution(
        "t2",
        b,
        "Orvik ministry",
        "The Orvik ministry denied that soldiers had entered Dunmere.",
        kind="organization",
        cue="denied",
    )
    content = "soldiers had entered Dunmere"
    from storyline.records import Claim, Mention

    ca = Claim(
        "ca",
        "s1",
        content,
        (Mention("a1", content, a.text.find(content), a.text.find(content) + len(content), "t1", a.outlet),),
    )
    cb = Claim(
        "cb",
        "s1",
        content,
        (Mention("b1", content, b.text.find(content), b.text.find(content) + len(content), "t2", b.outlet),),
    )
    result = build.analyse([a, b], [build.story("s1", [a, b])], [ca, cb], [att_a, att_b])
    assert [c.kind for c in result.contradictions] == ["stance"]


def test_a_later_denial_disputes_rather_than_updates(build):
    result = _pair(
        build,
        "The Orvik ministry confirmed that soldiers had entered the village of Dunmere.",
        "The Orvik ministry denied that soldiers had entered the village of Dunmere.",
        date_a="2026-03-02",
        date_b="2026-03-06",
    )
    assert [c.kind for c in result.contradictions] == ["stance"]
    assert {c.status for c in result.claims} == {"disputed"}
