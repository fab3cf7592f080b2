"""The brief stage on hand-built analyses: sections, order, labels, the gate, odd input."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest

from storyline.brief import check
from storyline.errors import ConfigError
from storyline.export import build_export
from storyline.records import Analysis, Attribution, Briefing, BriefSentence, Entity, Mention

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "export.schema.json").read_text())

BUDGET = "The Orvik council approved a budget of 40 million crowns for the new harbour bridge on Monday."
VOTE = "The vote passed by nine votes to four after a long debate in the town hall."
OPENS = "Mayor Lene Tarvik said the bridge would open in 2028."
COST = "The bridge will cost 55 million crowns, the opposition leader Per Holm said."
FERRY = "The ferry service to Skallen island will stop running once the bridge opens."
ANON = "A council official, speaking on condition of anonymity, said the contract would go to a local firm."


@pytest.fixture
def corpus(b):
    a1 = b.article("a1", "Fjord Post", f"{BUDGET}\n{OPENS}\n{ANON}\n{FERRY}", "2026-05-04")
    a2 = b.article("a2", "Harbour Radio", f"{BUDGET}\n{VOTE}\n{OPENS}", "2026-05-04")
    a3 = b.article("a3", "Coast Weekly", f"{COST}\n{BUDGET}\n{OPENS}", "2026-05-05")
    return a1, a2, a3


def sentences(
    analysis: Analysis, section: str | None = None, story: str | None = "s1"
) -> list[BriefSentence]:
    found = [x for x in analysis.briefings if x.story_id == story or (story is None and x.storyline_id)]
    assert found, f"no briefing for {story}"
    return [s for s in found[0].sentences if section is None or s.section == section]


def assert_all_supported(analysis: Analysis, arts) -> None:
    by_id = {a.id: a for a in arts}
    for briefing in analysis.briefings:
        for s in briefing.sentences:
            assert s.citations, s.text
            assert check(s, by_id).ok, s.text
            assert s.support is not None and s.support >= 0.8
            for c in s.citations:
                assert c.source_sentence in by_id[c.article_id].text
                assert c.outlet == by_id[c.article_id].outlet


def test_corroborated_first_by_independent_sources_then_single_source(b, corpus):
    a1, a2, a3 = corpus
    claims = [
        b.claim("c-opens", "s1", OPENS, [a1, a2], origins=["Fjord Post", "Harbour Radio"]),
        b.claim(
            "c-budget", "s1", BUDGET, [a1, a2, a3], origins=["Fjord Post", "Harbour Radio", "Coast Weekly"]
        ),
        b.claim("c-vote", "s1", VOTE, [a2], origins=["Harbour Radio"]),
    ]
    out = b.brief(corpus, stories=[b.story("s1", corpus)], claims=claims)
    got = sentences(out)
    assert [s.section for s in got[:3]] == ["what-happened", "what-happened", "single-source"]
    assert got[0].text == f"Corroborated by 3 independent sources: {BUDGET}"
    assert got[1].text == f"Corroborated by 2 independent sources: {OPENS}"
    assert {c.article_id for c in got[0].citations} == {"a1", "a2", "a3"}
    assert got[2].text == f"Single source (Harbour Radio): {VOTE}"
    assert_all_supported(out, corpus)


def test_single_source_names_the_speaker_and_outlet_when_provenance_has_not_run(b, corpus):
    a1, a2, a3 = corpus
    claims = [b.claim("c-cost", "s1", COST, [a3], speaker="Per Holm", speaker_kind="person")]
    out = b.brief(corpus, stories=[b.story("s1", corpus)], claims=claims)
    (s,) = sentences(out, "single-source")
    assert s.text == f"Single source (Per Holm, via Coast Weekly): {COST}"
    assert [c.article_id for c in s.citations] == ["a3"]


def test_without_provenance_sources_are_outlet_families_with_copies_folded(b, corpus):
    a1, a2, a3 = corpus
    sister = b.article("a4", "Fjord Post Evening", a1.text, "2026-05-04", family="Fjord Post")
    reprint = b.article("a5", "Newsfeed", a2.text, "2026-05-05")
    arts = [*corpus, sister, reprint]
    claims = [b.claim(f"c{i}", "s1", BUDGET, [a]) for i, a in enumerate([a1, a2, sister, reprint])]
    out = b.brief(arts, stories=[b.story("s1", arts)], claims=claims, duplicate_of={"a5": "a2"})
    (s,) = sentences(out, "what-happened")
    assert s.text == f"Carried by 2 separate outlets: {BUDGET}"  # a4 is a1's family, a5 a copy of a2
    assert [c.article_id for c in s.citations] == ["a1", "a2", "a4", "a5"]  # one line, every report cited


def test_disputed_shows_both_accounts_with_their_own_sources(b, corpus):
    a1, a2, a3 = corpus
    claims = [
        b.claim("c-budget", "s1", BUDGET, [a1, a2], status="disputed"),
        b.claim("c-cost", "s1", COST, [a3], status="disputed"),
    ]
    con = b.Contradiction("x1", "s1", ("c-budget", "c-cost"), "number", "40 vs 55 million")
    out = b.brief(corpus, stories=[b.story("s1", corpus)], claims=claims, contradictions=[con])
    one, other = sentences(out, "disputed")
    assert one.text == f"Disputed, one account (Fjord Post, Harbour Radio): {BUDGET}"
    assert other.text == f"Disputed, other account (Coast Weekly): {COST}"
    assert {c.article_id for c in one.citations} == {"a1", "a2"} and [
        c.article_id for c in other.citations
    ] == ["a3"]
    assert not sentences(out, "what-happened") and not sentences(out, "single-source")  # not shown as settled


def test_who_said_what_has_named_and_unnamed_sources(b, corpus):
    a1, a2, a3 = corpus
    atts = [
        b.attribution("t1", a1, "Lene Tarvik", "the bridge would open in 2028"),
        b.attribution("t2", a2, "Lene Tarvik", "the bridge would open in 2028"),
        b.attribution(
            "t3", a1, "A council official", "the contract would go to a local firm", kind="anonymous"
        ),
        b.attribution("t4", a3, "Per Holm", "The bridge will cost 55 million crowns"),
    ]
    out = b.brief(corpus, stories=[b.story("s1", corpus)], attributions=atts)
    got = sentences(out, "who-said-what")
    assert [s.text for s in got] == [
        f"Lene Tarvik: {OPENS}",  # quoted by two outlets: first
        f"Per Holm: {COST}",
        f"Unnamed source (A council official): {ANON}",
    ]
    assert {c.article_id for c in got[0].citations} == {"a1", "a2"}


def test_an_unsupported_sentence_is_dropped_and_counted(b, corpus):
    a1, a2, a3 = corpus
    forged = Attribution(
        "t9",
        "a3",
        "direct",
        "Per Holm",
        "Per Holm",
        "person",
        "said",
        "The bridge will cost 55 million crowns",
        "Per Holm said the council had secretly doubled every salary in the harbour office.",
        0,
        38,
    )
    out = b.brief(corpus, stories=[b.story("s1", corpus)], attributions=[forged])
    shown = [s.text for br in out.briefings for s in br.sentences]
    assert not any("salary" in t for t in shown)
    assert out.extras["brief"]["dropped"] == 1
    assert out.extras["brief"]["dropped_by_reason"] == {"below-threshold": 1}


def test_timeline_is_in_date_order_with_resolved_dates_only(b, corpus):
    a1, a2, a3 = corpus
    times = [
        b.timex(a1, "in 2028", "2028-01-01/2028-12-31"),
        b.timex(a1, "on Monday", "2026-05-04"),
        dataclasses.replace(b.timex(a3, "55 million", "2026-05-05"), value=None, relative=True),
    ]
    times.append(b.timex(a1, "2028", "2028-06-01"))  # the same sentence again, under a later date
    out = b.brief(corpus, stories=[b.story("s1", corpus)], time_expressions=times)
    assert [s.text for s in sentences(out, "timeline")] == [
        f"2026-05-04: {BUDGET}",
        f"2028-01-01 to 2028-12-31: {OPENS}",
    ]


def test_coverage_names_omissions_and_each_outlets_lead(b, corpus):
    a1, a2, a3 = corpus
    claims = [b.claim("c-opens", "s1", OPENS, [a1, a2])]
    omissions = [
        {
            "story_id": "s1",
            "outlet": "Coast Weekly",
            "claim_id": "c-opens",
            "claim_text": OPENS,
            "carried_by": ["Fjord Post", "Harbour Radio"],
        }
    ]
    out = b.brief(corpus, stories=[b.story("s1", corpus)], claims=claims, extras={"omissions": omissions})
    got = [s.text for s in sentences(out, "coverage")]
    assert got[0] == f"Carried by Fjord Post, Harbour Radio; not by Coast Weekly: {OPENS}"
    # outlets leading with the very same sentence share a line
    assert got[1:] == [f"Fjord Post, Harbour Radio lead with: {BUDGET}", f"Coast Weekly leads with: {COST}"]


def test_what_changed_lists_only_what_the_previous_story_lacked_and_the_storyline_rolls_up(b, corpus):
    a1, a2, a3 = corpus
    later = b.article("a6", "Fjord Post", f"{BUDGET}\n{FERRY}", "2026-06-01")
    arts = [*corpus, later]
    claims = [
        b.claim("c1", "s1", BUDGET, [a1]),
        b.claim("c2", "s2", BUDGET, [later]),
        b.claim("c3", "s2", FERRY, [later]),
    ]
    pos = b.Position("Lene Tarvik", "bridge", "supports", "2026-05-04", OPENS, ("a1",), "s1", "line", True)
    line = b.Storyline("line", "Orvik bridge", ("s1", "s2"))
    out = b.brief(
        arts,
        stories=[b.story("s1", corpus, "line"), b.story("s2", [later], "line")],
        claims=claims,
        storylines=[line],
        positions=[pos],
    )
    assert [s.text for s in sentences(out, "what-changed", "s2")] == [
        f"New since the previous story: {FERRY}"
    ]
    assert [s.text for s in sentences(out, "what-changed", "s1")] == [
        f"Lene Tarvik changed position on bridge (now supports, 2026-05-04): {OPENS}"
    ]
    roll = [x for x in out.briefings if x.storyline_id == "line"]
    assert len(roll) == 1 and roll[0].story_id is None
    assert f"Lene Tarvik on bridge (supports, 2026-05-04): {OPENS}" in [s.text for s in roll[0].sentences]
    assert_all_supported(out, arts)


def test_empty_analysis_gives_no_briefings(b):
    out = b.brief([])
    assert out.briefings == () and out.extras["brief"]["sentences"] == 0
    assert b.brief([b.article("a1", "Fjord Post", BUDGET)]).briefings == ()  # no stories


def test_hostile_and_inconsistent_records_never_break_the_stage_or_reach_the_briefing(b, corpus):
    a1, a2, a3 = corpus
    hostile = b.article(
        "h1",
        "Evil <b>Outlet</b>",
        f"<script>alert('x')</script> \u202eThe Orvik council approved a budget of 40 million crowns.\n"
        f"\x00\u200b{VOTE}\n\n\n",
        "2026-05-04",
    )
    empty = b.article("e1", None, "", None)
    arts = [*corpus, hostile, empty]
    bad_mention = Mention("a1", "nothing", 5000, 6000)
    claims = [
        b.claim("c1", "s1", VOTE, [a2, hostile]),
        dataclasses.replace(
            b.claim("c2", "s1", BUDGET, [a1]), mentions=(bad_mention, Mention("missing", "x", 0, 4))
        ),
        dataclasses.replace(b.claim("c3", "s1", OPENS, [a1]), mentions=(Mention("a1", "x", -1, -1),)),
    ]
    cons = [b.Contradiction("x", "s1", ("c1", "no-such-claim"), "negation", "")]
    atts = [Attribution("t", "h1", "direct", "<img src=x>", None, "person", None, "", "", -1, -1)]
    stories = [b.story("s1", arts), dataclasses.replace(b.story("s2", [a1]), article_ids=("ghost",))]
    out = b.brief(
        arts,
        stories=stories,
        claims=claims,
        contradictions=cons,
        attributions=atts,
        time_expressions=[b.timex(hostile, "alert", "not a date")],
        extras={"omissions": ["junk", {"story_id": "s1"}]},
    )
    assert out.extras["brief"]["errors"] == []
    assert any(s.citations[0].article_id == "h1" for s in sentences(out))  # hostile text is quoted, as text
    assert_all_supported(out, arts)


def test_output_is_deterministic_whatever_the_input_order(b, corpus):
    a1, a2, a3 = corpus
    claims = [
        b.claim("c1", "s1", BUDGET, [a1, a2, a3]),
        b.claim("c2", "s1", OPENS, [a2]),
        b.claim("c3", "s1", COST, [a3]),
        b.claim("c4", "s1", FERRY, [a1]),
    ]
    one = b.brief(corpus, stories=[b.story("s1", corpus)], claims=claims)
    two = b.brief(corpus, stories=[b.story("s1", corpus)], claims=list(reversed(claims)))
    assert one.briefings == two.briefings and len(sentences(one)) >= 4


def test_export_keeps_the_documented_shape(b, corpus):
    a1, a2, a3 = corpus
    out = b.brief(corpus, stories=[b.story("s1", corpus)], claims=[b.claim("c1", "s1", BUDGET, [a1, a2])])
    data = build_export(corpus, out)
    jsonschema.validate(data, SCHEMA)
    (entry,) = data["briefings"]
    assert entry["story_id"] == "s1" and entry["storyline_id"] is None
    assert set(entry["sentences"][0]) >= {"text", "citations", "section", "support"}
    assert set(entry["sentences"][0]["citations"][0]) == {"article_id", "outlet", "source_sentence"}
    assert isinstance(out.briefings[0], Briefing)


def test_bad_options_are_named(b):
    with pytest.raises(ConfigError, match="max_words"):
        b.brief([], options={"max_words": 0})
    with pytest.raises(ConfigError, match="unknown"):
        b.brief([], options={"colour": "blue"})


def test_pairs_of_one_dispute_join_into_two_sides_and_reach_the_earlier_story(b, corpus):
    a1, a2, a3 = corpus
    denial = b.article(
        "d1", "Skallen Times", "The harbour office denied that any budget had been approved.", "2026-05-06"
    )
    arts = [*corpus, denial]
    claims = [
        b.claim("c-budget", "s1", BUDGET, [a1, a2], status="disputed"),
        b.claim("c-opens", "s1", OPENS, [a3], status="disputed"),
        b.claim(
            "c-deny",
            "s2",
            "The harbour office denied that any budget had been approved.",
            [denial],
            status="disputed",
        ),
    ]
    cons = [  # one dispute filed three times under the later story, once in each order
        b.Contradiction("x1", "s2", ("c-budget", "c-deny"), "negation", ""),
        b.Contradiction("x2", "s2", ("c-deny", "c-budget"), "negation", ""),
        b.Contradiction("x3", "s2", ("c-opens", "c-deny"), "negation", ""),
    ]
    stories = [b.story("s1", corpus), b.story("s2", [denial])]
    out = b.brief(arts, stories=stories, claims=claims, contradictions=cons)
    for sid in ("s1", "s2"):
        assert [s.text for s in sentences(out, "disputed", sid)] == [
            f"Disputed, one account (Fjord Post, Harbour Radio): {BUDGET}",
            f"Disputed, one account (Coast Weekly): {OPENS}",
            "Disputed, other account (Skallen Times): The harbour office denied that any budget had been approved.",
        ]


def test_speakers_are_shown_by_full_name_and_never_as_a_bare_nationality(b, corpus):
    a1, a2, a3 = corpus
    line = "Tarvik said the ferry would keep running until the bridge opens to traffic."
    lone = b.article(
        "a7", "Fjord Post", f"{line}\nThe Orvik harbour office said the ferry timetable stays the same."
    )
    arts = [*corpus, lone]
    office = b.attribution("t9", lone, "Orvik", "the ferry timetable stays the same", kind="organization")
    atts = [
        b.attribution("t1", a1, "Lene Tarvik", "the bridge would open in 2028"),
        b.attribution("t2", lone, "Tarvik", "the ferry would keep running until the bridge opens to traffic"),
        dataclasses.replace(office, speaker_span="The Orvik harbour office"),
    ]
    at = lone.text.find("Orvik")
    ents = [Entity("a7", "Orvik", "NORP", at, at + 5)]
    claims = [b.claim("c1", "s1", line, [lone], speaker="Tarvik", speaker_kind="person")]
    out = b.brief(arts, stories=[b.story("s1", arts)], attributions=atts, entities=ents, claims=claims)
    said = [s.text for s in sentences(out, "who-said-what")]
    assert said[0].startswith("Lene Tarvik: ") and not any(t.startswith("Tarvik: ") for t in said)
    assert (
        "The Orvik harbour office: The Orvik harbour office said the ferry timetable stays the same." in said
    )
    assert [s.text for s in sentences(out, "single-source")] == [
        f"Single source (Lene Tarvik, via Fjord Post): {line}"
    ]


def test_a_storyline_of_one_story_gets_no_briefing_of_its_own(b, corpus):
    a1, a2, a3 = corpus
    line = b.Storyline("line", "Orvik bridge", ("s1",))
    out = b.brief(
        corpus,
        stories=[b.story("s1", corpus, "line")],
        storylines=[line],
        claims=[b.claim("c1", "s1", BUDGET, [a1, a2])],
    )
    assert [(x.story_id, x.storyline_id) for x in out.briefings] == [("s1", None)]


def test_a_position_is_quoted_only_from_a_sentence_that_shows_its_actor(b, corpus):
    a1, a2, a3 = corpus
    later = b.article("a6", "Fjord Post", f"{FERRY}\n{OPENS}", "2026-06-01")
    arts = [*corpus, later]
    wrong = b.Position("Per Holm", "ferry", "opposes", "2026-06-01", FERRY, ("a6",), "s2", "line", True)
    right = b.Position(
        "Lene Tarvik", "bridge", "supports", "2026-06-01", f"{FERRY} | {OPENS}", ("a6",), "s2", "line"
    )
    line = b.Storyline("line", "Orvik bridge", ("s1", "s2"))
    stories = [b.story("s1", corpus, "line"), b.story("s2", [later], "line")]
    out = b.brief(
        arts,
        stories=stories,
        storylines=[line],
        positions=[wrong, right],
        claims=[b.claim("c1", "s1", BUDGET, [a1])],
    )
    texts = [s.text for x in out.briefings for s in x.sentences]
    assert f"Lene Tarvik on bridge (supports, 2026-06-01): {OPENS}" in texts  # the piece naming her
    assert not any(t.startswith("Per Holm") for t in texts)  # the ferry sentence does not show him


def test_a_later_report_superseding_an_earlier_one_is_an_update(b, corpus):
    a1, a2, a3 = corpus
    revised = "The Orvik council raised the harbour bridge budget to 48 million crowns on Friday."
    later = b.article("a8", "Harbour Radio", revised, "2026-06-05")
    arts = [*corpus, later]
    claims = [b.claim("c1", "s1", BUDGET, [a1, a2]), b.claim("c2", "s2", revised, [later])]
    con = b.Contradiction("x", "s2", ("c1", "c2"), "supersedes", "40 -> 48 million")
    line = b.Storyline("line", "Orvik bridge", ("s1", "s2"))
    stories = [b.story("s1", corpus, "line"), b.story("s2", [later], "line")]
    out = b.brief(arts, stories=stories, storylines=[line], claims=claims, contradictions=[con])
    changed = sentences(out, "what-changed", "s2")
    assert changed[0].text == f"Updates an earlier report: {revised}"
    assert [c.article_id for c in changed[0].citations] == ["a8"]
    assert not sentences(out, "disputed", "s2")  # an update is not a dispute


def test_who_said_what_prefers_a_statement_not_already_quoted_above(b, corpus):
    a1, a2, a3 = corpus
    claims = [b.claim("c1", "s1", OPENS, [a1], speaker="Lene Tarvik", speaker_kind="person")]
    atts = [
        b.attribution("t1", a1, "Lene Tarvik", "the bridge would open in 2028"),
        b.attribution("t2", a1, "Lene Tarvik", "the contract would go to a local firm"),
    ]
    out = b.brief([a1], stories=[b.story("s1", [a1])], claims=claims, attributions=atts)
    assert [s.text for s in sentences(out, "single-source")] == [
        f"Single source (Lene Tarvik, via Fjord Post): {OPENS}"
    ]
    assert [s.text for s in sentences(out, "who-said-what")] == [f"Lene Tarvik: {ANON}"]
