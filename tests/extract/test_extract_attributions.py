"""Attribution patterns on short fictional sentences (stage seam: Article -> ArticleExtraction)."""

from __future__ import annotations

import pytest

from storyline.extract import extract_article
from storyline.records import Article


def art(
    text: str, outlet: str | None = "Harbor Ledger", published: str | None = "2025-11-20", aid: str = "t1"
) -> Article:
    return Article(aid, None, outlet, None, "", published, "en", text, text)


def atts(text: str, **kw):
    ex = extract_article(art(text, **kw))
    assert ex.error is None
    for a in ex.attributions:  # offsets always point at the content in the text
        assert text[a.start : a.end] == a.text
        if a.speaker_start >= 0:
            assert text[a.speaker_start : a.speaker_end] == a.speaker_span
    return ex.attributions


def one(text: str, needle: str, **kw):
    hits = [a for a in atts(text, **kw) if needle in a.text]
    assert hits, f"no attribution containing {needle!r}"
    return hits[0]


def test_quote_then_speaker_said():
    a = one(
        "\u201cThe bridge will reopen in spring,\u201d Mayor Lena Okafor said on Monday.",
        "bridge will reopen",
    )
    assert a.kind == "direct"
    assert a.cue == "said"
    assert a.speaker == "Lena Okafor" and a.speaker_kind == "person"


def test_speaker_said_then_quote_straight_marks():
    a = one('Tomas Reyes said, "Our union will not sign this contract."', "union will not sign")
    assert a.kind == "direct" and a.speaker == "Tomas Reyes"


def test_indirect_said_that():
    a = one("Councillor Ada Brandt said that the budget would be cut by 12 percent.", "budget would be cut")
    assert a.kind == "indirect"
    assert a.speaker_span == "Councillor Ada Brandt"
    assert a.speaker == "Ada Brandt"


def test_according_to():
    a = one("The factory will close in March, according to the regional labour office.", "factory will close")
    assert a.cue == "according to"
    assert "labour office" in (a.speaker_span or "")
    assert a.speaker_kind == "organization"


def test_told_addressee_is_not_content():
    a = one("Ivo Marsh told reporters that the vote was rigged.", "vote was rigged")
    assert "reporters" not in a.text
    assert a.cue == "told"


def test_cue_after_clause():
    a = one(
        "The ferry service is safe, the harbour master Jon Ulvik told the Harbor Ledger.",
        "ferry service is safe",
    )
    assert a.speaker == "Jon Ulvik"


def test_quote_spanning_sentences():
    text = "Nadia Petrov said: \u201cWe tried everything. Nothing worked. We will try again next year.\u201d"
    a = one(text, "We tried everything")
    assert "We will try again next year" in a.text
    assert a.kind == "direct" and a.speaker == "Nadia Petrov"


def test_quote_before_and_after_cue_is_one_attribution():
    text = "\u201cWe are not leaving,\u201d Kemal Arslan said. \u201cThis square belongs to the people.\u201d"
    a = one(text, "We are not leaving")
    assert "This square belongs to the people" in a.text
    assert a.speaker == "Kemal Arslan"


def test_pronoun_resolves_to_preceding_person():
    text = "Rosa Lind, a farmer, spoke at the meeting in Vell.\nShe said the drought had ruined 40 farms."
    a = one(text, "drought had ruined")
    assert a.speaker_span == "She"
    assert a.speaker == "Rosa Lind" and a.speaker_kind == "person"


def test_outlet_noun_resolves_to_named_outlet():
    text = (
        "The Valley Gazette reported that the dam inspection was skipped in 2023. "
        "The newspaper said the inspector had resigned."
    )
    a = one(text, "inspector had resigned")
    assert a.speaker_span == "The newspaper"
    assert a.speaker == "The Valley Gazette" and a.speaker_kind == "outlet"


@pytest.mark.parametrize(
    "speaker",
    [
        "a source with direct knowledge of the talks",
        "senior officials",
        "people familiar with the plan",
        "diplomats",
    ],
)
def test_anonymous_speakers(speaker: str):
    text = f"The envoy will resign before the summit, {speaker} said."
    a = one(text, "envoy will resign")
    assert a.speaker_kind == "anonymous", a


def test_nested_attribution_via_outlet():
    text = "The Coastal Times reports that a senior official said the port would be sold to a private fund."
    inner = [a for a in atts(text) if a.speaker_kind == "anonymous"]
    assert inner, "inner anonymous attribution missing"
    assert "port would be sold" in inner[0].text
    assert inner[0].via == "The Coastal Times"


def test_cue_word_inside_quote_is_not_a_cue():
    text = "\u201cThey said we could stay here forever,\u201d Mila Horvat said."
    found = atts(text)
    assert len(found) == 1 and found[0].speaker == "Mila Horvat"


def test_sentence_without_cue_has_no_attribution():
    assert atts("The river rose two metres overnight in Vell.") == ()


def test_ids_are_stable():
    text = "Ivo Marsh told reporters that the vote was rigged."
    assert [a.id for a in atts(text)] == [a.id for a in atts(text)]


def test_relative_pronoun_speaker_outside_relative_clause_terminates():
    # "who" as the subject of a main-clause cue once looped forever looking for its clause
    a = one("Who said that the bridge was closed to all traffic?", "bridge was closed")
    assert a.speaker_span == "Who"


def test_relative_pronoun_speaker_resolves_to_its_noun():
    a = one("Rosa Lind, who said the drought had ruined 40 farms, left early.", "drought had ruined")
    assert a.speaker_span == "who"
    assert a.speaker == "Rosa Lind"


def test_quote_signed_with_a_dash():
    a = one(
        "\u201cThe new tram line changed my commute for the better.\u201d \u2015 Ines Valdor\n",
        "tram line changed",
    )
    assert a.kind == "direct" and a.speaker_span == "Ines Valdor" and a.speaker_kind == "person"


def test_transcript_line_speaker():
    text = 'Partial transcript follows.\n"KOVAC: We have no plans to raise the toll this year.\n'
    a = one(text, "no plans to raise the toll")
    assert a.speaker_span == "KOVAC" and a.cue == ":"


def test_statement_saying_is_attributed_to_its_author():
    a = one(
        "Mayor Lena Okafor issued a statement saying the pool would stay closed until May.",
        "pool would stay closed",
    )
    assert a.speaker == "Lena Okafor"


def test_named_person_beats_possessor_in_speaker_phrase():
    a = one(
        "Veldor's top diplomat, Foreign Minister Ilse Varga, said the border would reopen in June.", "border"
    )
    assert a.speaker == "Ilse Varga" and a.speaker_kind == "person"


def test_outlet_described_with_outlet_noun():
    a = one(
        "The Lumerian daily Lumeria Today said hotel rooms had been booked for both delegations.", "hotel"
    )
    assert a.speaker_kind == "outlet" and "Lumeria Today" in (a.speaker or "")


def test_outlet_known_to_the_registry_is_an_outlet():
    from storyline.clean.outlets import load_registry

    # a bundled outlet whose name has no outlet word such as "News" or "Times"
    reg = load_registry(None)
    name = "CNN"
    assert reg.by_exact_name(name) is not None
    a = one(f"{name} said the mayor would resign before the council vote.", "mayor would resign")
    assert a.speaker_kind == "outlet"
