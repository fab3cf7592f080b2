"""Issues of a storyline: two poles of one issue, junk phrases, undated and misattributed statements.

Fictional places, people and outlets only; worded unlike the sample corpus.
"""

from __future__ import annotations

from storyline.compare.guards import genders, recap, wrong_pronoun
from storyline.compare.issues import flip, group_keys, policy_like
from storyline.records import Attribution, Entity, Story, Storyline


def _person(art, name: str) -> list[Entity]:
    """A PERSON entity at every place ``name`` occurs in ``art``."""
    out, start = [], art.text.find(name)
    while start >= 0:
        out.append(Entity(art.id, name, "PERSON", start, start + len(name), canonical=name))
        start = art.text.find(name, start + 1)
    return out


def _neutral_then_member(build):
    a1 = build.article(
        "n1",
        "Fjord Tribune",
        "Chancellor Arvid Lenner said Ostmark wants to keep its neutrality.",
        published="2026-05-04",
    )
    a2 = build.article(
        "n2",
        "Ostmark Post",
        "Chancellor Arvid Lenner said Ostmark will join the Western Defence Union before the winter.",
        published="2026-06-01",
    )
    atts = [
        build.attribution(
            "t1", a1, "Arvid Lenner", "Chancellor Arvid Lenner said Ostmark wants to keep its neutrality."
        ),
        build.attribution(
            "t2",
            a2,
            "Arvid Lenner",
            "Chancellor Arvid Lenner said Ostmark will join the Western Defence Union before the winter.",
        ),
    ]
    stories = [build.story("s1", [a1], "L1"), build.story("s2", [a2], "L1")]
    return [a1, a2], stories, [Storyline("L1", "defence", ("s1", "s2"))], atts


def test_neutrality_and_joining_an_alliance_are_one_issue_and_the_change_is_flagged(build):
    arts, stories, lines, atts = _neutral_then_member(build)
    result = build.analyse(arts, stories, attributions=atts, storylines=lines)
    got = [(p.actor, p.issue, p.story_id, p.stance, p.changed) for p in result.positions]
    assert got == [
        ("Arvid Lenner", "alliance membership", "s1", "opposes", False),  # keeping neutrality = no membership
        ("Arvid Lenner", "alliance membership", "s2", "supports", True),
    ]
    first, second = result.positions
    assert "neutrality" in first.evidence and first.article_ids == ("n1",) and first.date == "2026-05-04"
    assert "will join the Western Defence Union" in second.evidence and second.article_ids == ("n2",)


def test_joining_talks_is_no_alliance_membership(build):
    """'join' is a pole of membership only with an alliance-like or named organisation after it."""
    a1 = build.article("j1", "Fjord Tribune", "Envoy Tove Brandl said Ostmark will join the talks on Monday.")
    a2 = build.article(
        "j2", "Ostmark Post", "Envoy Tove Brandl said Ostmark will join the talks on Monday again."
    )
    atts = [
        build.attribution(
            "t1", a1, "Tove Brandl", "Envoy Tove Brandl said Ostmark will join the talks on Monday."
        ),
        build.attribution(
            "t2", a2, "Tove Brandl", "Envoy Tove Brandl said Ostmark will join the talks on Monday again."
        ),
    ]
    result = build.analyse(
        [a1, a2],
        [build.story("s1", [a1, a2], "L1")],
        attributions=atts,
        storylines=[Storyline("L1", "talks", ("s1",))],
    )
    assert all(p.issue != "alliance membership" for p in result.positions)


def test_quotes_without_a_policy_object_give_no_position(build):
    text1 = '"Every sailor waiting for a brother deserves news," Minister Hanne Sollig said. "We will not deal in gossip."'
    text2 = 'Minister Hanne Sollig said: "We will not deal in gossip. Every sailor waiting for a brother deserves news."'
    text3 = "Minister Hanne Sollig said Tolvia will not accept the new fishing quota."
    a1 = build.article("g1", "Fjord Tribune", text1)
    a2 = build.article("g2", "Ostmark Post", text2)
    a3 = build.article("g3", "Harbour Gazette", text3)
    atts = [
        build.attribution("t1", a1, "Hanne Sollig", text1),
        build.attribution("t2", a2, "Hanne Sollig", text2),
        build.attribution("t3", a3, "Hanne Sollig", text3),
    ]
    a4 = build.article(
        "g4", "Valley Courier", "Minister Hanne Sollig said Tolvia rejects the new fishing quota."
    )
    atts.append(build.attribution("t4", a4, "Hanne Sollig", a4.text))
    arts = [a1, a2, a3, a4]
    result = build.analyse(
        arts,
        [build.story("s1", arts, "L1")],
        attributions=atts,
        storylines=[Storyline("L1", "fish", ("s1",))],
    )
    issues = {p.issue for p in result.positions}
    assert issues == {"new fishing quota"}, issues  # "gossip", "brother", "news", "sailor": no issue


def test_policy_like_phrases_and_head_noun_groups():
    assert policy_like("sanction") and policy_like("grain corridor")
    assert not policy_like("rumour") and not policy_like("son") and not policy_like("deal")
    groups = group_keys(["binding security guarantee", "security guarantee", "grain corridor"])
    assert groups["binding security guarantee"] == "security guarantee"
    assert groups["grain corridor"] == "grain corridor"
    assert flip("supports", -1) == "opposes" and flip("conditional", -1) == "conditional"


def test_undated_statements_are_dated_by_their_story_and_say_so(build):
    a1 = build.article(
        "u1",
        "Fjord Tribune",
        "Premier Sanna Holt said Tolvia rejects the fuel embargo on Brask.",
        published=None,
    )
    a2 = build.article(
        "u2",
        "Ostmark Post",
        "Premier Sanna Holt said Tolvia opposes the fuel embargo on Brask.",
        published=None,
    )
    atts = [
        build.attribution("t1", a1, "Sanna Holt", a1.text),
        build.attribution("t2", a2, "Sanna Holt", a2.text),
    ]
    story = Story("s1", "embargo", "L1", ("u1", "u2"), "2026-04-02", "2026-04-03")
    result = build.analyse(
        [a1, a2], [story], attributions=atts, storylines=[Storyline("L1", "embargo", ("s1",))]
    )
    assert result.positions, "expected a position on the fuel embargo"
    pos = result.positions[0]
    assert pos.issue == "fuel embargo" and pos.stance == "opposes"
    assert pos.date == "2026-04-02" and pos.evidence.startswith(
        "[undated article; dated by its story's first report]"
    )


def test_a_she_resolved_to_a_man_is_not_read_as_his_position(build):
    text = (
        "Defence Minister Piotr Alnes said his ministry would buy more patrol boats. Alnes told reporters his "
        "budget was tight. She said Ostmark was ready to accept the grain corridor."
    )
    art = build.article("p1", "Fjord Tribune", text)
    ents = _person(art, "Piotr Alnes") + [
        Entity(
            "p1",
            "Alnes",
            "PERSON",
            text.find("Alnes told"),
            text.find("Alnes told") + 5,
            canonical="Piotr Alnes",
        )
    ]
    known = genders({"p1": art}, ents)
    assert known == {"alnes": "m"}
    content = "Ostmark was ready to accept the grain corridor"
    start = text.find(content)
    att = Attribution(
        "t1",
        "p1",
        "indirect",
        "Piotr Alnes",
        "She",
        "person",
        "said",
        content,
        "She said Ostmark was ready to accept the grain corridor.",
        start,
        start + len(content),
        text.find("She"),
        text.find("She") + 3,
    )
    assert wrong_pronoun(att, known)
    assert not wrong_pronoun(__import__("dataclasses").replace(att, speaker_span="He"), known)
    art2 = build.article(
        "p2", "Ostmark Post", "Defence Minister Piotr Alnes said Ostmark opposes the grain corridor."
    )
    att2 = build.attribution("t2", art2, "Piotr Alnes", art2.text)
    art3 = build.article(
        "p3", "Valley Courier", "Defence Minister Piotr Alnes said Ostmark rejects the grain corridor."
    )
    att3 = build.attribution("t3", art3, "Piotr Alnes", art3.text)
    arts = [art, art2, art3]
    result = build.analyse(
        arts,
        [build.story("s1", arts, "L1")],
        attributions=[att, att2, att3],
        entities=ents,
        storylines=[Storyline("L1", "corridor", ("s1",))],
    )
    assert [(p.issue, p.stance) for p in result.positions] == [("grain corridor", "opposes")]
    assert result.positions[0].article_ids == ("p2", "p3")  # the misread "She said" of p1 is left out


def test_a_retold_earlier_position_is_a_recap():
    sentence = "In May she had said Ostmark was ready to discuss neutrality."
    att = Attribution(
        "t1",
        "a1",
        "indirect",
        "Sanna Holt",
        "she",
        "person",
        "said",
        "Ostmark was ready to discuss neutrality",
        sentence,
        20,
        60,
        7,
        10,
    )
    assert recap(att, sentence)
    fresh = Attribution(
        "t2",
        "a1",
        "indirect",
        "Sanna Holt",
        "she",
        "person",
        "said",
        "Ostmark is ready",
        "On Monday she said Ostmark is ready.",
        19,
        35,
        10,
        13,
    )
    assert not recap(fresh, fresh.sentence)


def test_a_demand_to_renounce_joining_opposes_membership():
    from storyline.compare.frames import parse_docs
    from storyline.compare.positions import _scoped_stances

    renounce, join = parse_docs(
        [
            "Brask insists that Tolvia renounce any plan to join the Coastal Alliance.",
            "Tolvia will join the Coastal Alliance next spring.",
        ]
    )
    assert _scoped_stances(renounce, set()) == {"alliance membership": "opposes"}
    assert _scoped_stances(join, set()) == {"alliance membership": "supports"}
    stay, referee = parse_docs(
        ["Tolvia will remain neutral, the premier said.", "The referee is neutral in the dispute."]
    )
    assert _scoped_stances(stay, set()) == {"alliance membership": "opposes"}  # neutrality is the other pole
    assert _scoped_stances(referee, set()) == {}


def test_a_position_retold_with_an_earlier_date_stays_in_its_own_time(build):
    from storyline.records import TimeExpression

    arts, stories, lines, atts = _neutral_then_member(build)
    recap_text = "In April, Chancellor Arvid Lenner said Ostmark wants to keep its neutrality."
    a3 = build.article(
        "n3", "Valley Courier", recap_text + " Now the chancellor has changed course.", published="2026-06-02"
    )
    att3 = build.attribution("t3", a3, "Arvid Lenner", recap_text)
    when = TimeExpression("n3", "In April", 0, 8, "2026-04-01/2026-04-30", False)
    stories = [stories[0], build.story("s2", [arts[1], a3], "L1")]
    ctx_arts = [*arts, a3]
    from storyline.compare import run
    from storyline.config import Config
    from storyline.pipeline import StageContext
    from storyline.records import Analysis

    prior = Analysis(
        stories=tuple(stories), storylines=tuple(lines), attributions=(*atts, att3), time_expressions=(when,)
    )
    result = run(StageContext(articles=tuple(ctx_arts), config=Config()), prior)
    second = [p for p in result.positions if p.story_id == "s2"]
    assert [(p.issue, p.stance, p.changed, p.article_ids) for p in second] == [
        ("alliance membership", "supports", True, ("n2",))
    ]
