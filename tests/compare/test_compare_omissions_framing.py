"""Omissions (claims most outlets carry that one leaves out) and outlet / group framing contrast."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.compare import options
from storyline.compare.frames import normalise_date
from storyline.compare.logodds import log_odds_z, tokens
from storyline.errors import ConfigError

SHELLING = "Artillery hit the Dunmere water plant on Sunday."
TALKS = "Negotiators from both sides met in Karsk."


def _four_outlets(build):
    arts = [
        build.article("a1", "Harbour Gazette", f"{SHELLING} {TALKS}"),
        build.article("a2", "Valley Courier", f"{SHELLING} {TALKS}"),
        build.article("a3", "Northern Ledger", f"{SHELLING} Markets were calm."),
        build.article("a4", "State Herald", f"{TALKS} The harvest festival opened."),
    ]
    claims = [
        build.claim("shell", "s1", SHELLING, arts[:3]),
        build.claim("talks", "s1", TALKS, [arts[0], arts[1], arts[3]]),
        build.claim("calm", "s1", "Markets were calm.", [arts[2]]),
    ]
    return arts, claims


def test_claim_most_outlets_carry_is_reported_missing_from_the_others(build):
    arts, claims = _four_outlets(build)
    result = build.analyse(arts, [build.story("s1", arts)], claims)
    got = sorted((o["claim_id"], o["outlet"]) for o in result.extras["omissions"])
    assert got == [("shell", "State Herald"), ("talks", "Northern Ledger")]
    entry = next(o for o in result.extras["omissions"] if o["claim_id"] == "shell")
    assert entry == {
        "story_id": "s1",
        "outlet": "State Herald",
        "claim_id": "shell",
        "claim_text": SHELLING,
        "carried_by": ["Harbour Gazette", "Northern Ledger", "Valley Courier"],
    }


def test_no_omissions_below_the_outlet_threshold(build):
    arts, claims = _four_outlets(build)
    result = build.analyse(arts, [build.story("s1", arts)], claims, options={"min_outlets": 5})
    assert result.extras["omissions"] == []


def _state_vs_private(build):
    state = "Officials said the liberation operation near Dunmere is proceeding. Liberation of the area continues."
    private = "Residents said the shelling near Dunmere destroyed homes. The shelling continued overnight."
    arts = [
        build.article(
            "p1", "Harbour Gazette", private, title="Shelling destroys homes near Dunmere", kind="commercial"
        ),
        build.article(
            "p2",
            "Valley Courier",
            private.replace("homes", "houses"),
            title="Dunmere shelling goes on",
            kind="commercial",
        ),
        build.article(
            "g1", "State Herald", state, title="Liberation operation near Dunmere proceeds", kind="state"
        ),
        build.article(
            "g2", "Republic Wire", state, title="Liberation of Dunmere area continues", kind="state"
        ),
    ]
    atts = [
        build.attribution(
            "t1",
            arts[0],
            "residents",
            "Residents said the shelling near Dunmere destroyed homes.",
            kind="anonymous",
        ),
        build.attribution(
            "t2",
            arts[2],
            "officials",
            "Officials said the liberation operation near Dunmere is proceeding.",
            kind="organization",
        ),
        build.attribution(
            "t3",
            arts[3],
            "officials",
            "Officials said the liberation operation near Dunmere is proceeding.",
            kind="organization",
        ),
    ]
    return arts, atts


def test_outlet_groups_are_contrasted_by_distinctive_words_and_voices(build):
    arts, atts = _state_vs_private(build)
    result = build.analyse(
        arts,
        [build.story("s1", arts)],
        attributions=atts,
        options={"groups": {"private": ["Harbour Gazette", "Valley Courier"]}},
    )
    (entry,) = result.extras["framing"]
    assert entry["story_id"] == "s1"
    assert set(entry["by_outlet"]) == {"Harbour Gazette", "Valley Courier", "State Herald", "Republic Wire"}
    state, private = entry["by_group"]["kind:state"], entry["by_group"]["group:private"]
    state_terms = [d["term"] for d in state["distinctive"]]
    private_terms = [d["term"] for d in private["distinctive"]]
    assert state_terms[0] == "liberation" and "shelling" not in state_terms
    assert "shelling" in private_terms and "liberation" not in private_terms
    top = state["distinctive"][0]
    ex = top["example"]
    art = next(a for a in arts if a.id == ex["article_id"])
    assert art.text[ex["start"] : ex["end"]].lower() == "liberation" and top["z"] > 0.5
    assert state["voices"] == {
        "attributions": 2,
        "by_speaker": {"officials": 1.0},
        "by_kind": {"organization": 1.0},
    }
    assert private["voices"]["by_kind"] == {"anonymous": 1.0}
    assert ["liberation", 2] in state["headline_words"]
    assert state["leads"][0]["sentence"].startswith("Officials said the liberation operation")


def test_single_outlet_story_has_no_framing(build):
    a = build.article("a1", "Harbour Gazette", "Only one report about Karsk.")
    result = build.analyse([a], [build.story("s1", [a])])
    assert result.extras["framing"] == []


def test_log_odds_sign_and_prior():
    from collections import Counter

    z = log_odds_z(
        Counter({"liberation": 30, "area": 10}),
        Counter({"shelling": 30, "area": 10}),
        Counter({"liberation": 1, "shelling": 1, "area": 10}),
    )
    assert z["liberation"] > 1.96 > -1.96 > z["shelling"]
    assert abs(z["area"]) < 1.0


@given(st.text(max_size=300))
def test_tokens_are_lowercase_words(text):
    for t in tokens(text):
        assert t == t.lower() and len(t) > 1 and not t[0].isdigit()


@given(st.text(max_size=60))
def test_normalise_date_is_none_or_a_known_form(text):
    d = normalise_date(text)
    assert d is None or d.startswith(("m:", "w:"))


def test_normalise_date_forms():
    assert normalise_date("3 March") == normalise_date("March 3rd") == "m:03-03"
    assert normalise_date("on Tuesday") == "w:tuesday"
    assert normalise_date("last year") is None


@pytest.mark.parametrize(
    "bad", [{"min_share": 1.5}, {"min_outlets": 0}, {"groups": ["x"]}, {"colour": "red"}]
)
def test_bad_options_raise_one_line_config_error(bad):
    with pytest.raises(ConfigError, match="stages.compare"):
        options(bad)


def test_groups_come_from_the_outlet_registry_when_articles_lack_them(build, tmp_path):
    from storyline.compare import run
    from storyline.config import Config
    from storyline.pipeline import StageContext
    from storyline.records import Analysis

    csv = tmp_path / "outlets.csv"
    csv.write_text(
        "name,domains,country,kind,family,aliases\n"
        "Kastrel Evening,kastrel-evening.example,QK,state,,\n"
        "Lumeria Morning,lumeria-morning.example,QL,commercial,,\n",
        encoding="utf-8",
    )
    arts = [
        build.article("k1", "Kastrel Evening", "The operation near Dunmere proceeds.", kind="unknown"),
        build.article("l1", "Lumeria Morning", "The shelling near Dunmere goes on.", kind="unknown"),
    ]
    ctx = StageContext(articles=tuple(arts), config=Config(outlets_file=str(csv)))
    result = run(ctx, Analysis(stories=(build.story("s1", arts),)))
    (entry,) = result.extras["framing"]
    assert set(entry["by_group"]) == {"country:QK", "country:QL", "kind:state", "kind:commercial"}
    assert entry["by_group"]["kind:state"]["outlets"] == ["Kastrel Evening"]
