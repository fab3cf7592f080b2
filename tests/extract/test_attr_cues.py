"""Cue rules at the edges: names in quotes, one-name objects, headline speakers."""

from __future__ import annotations

from storyline.extract import extract_article
from storyline.records import Article


def atts(text: str):
    ex = extract_article(Article("c1", None, "Quay Herald", None, "", "2026-03-02", "en", text, text))
    assert ex.error is None
    return ex.attributions


def test_show_title_in_quotes_is_not_what_was_said():
    text = "On this week\u2019s episode of \u201cHarbour Hour,\u201d Mayor Ilka Moravec said the ferry would run again."
    found = atts(text)
    assert [a.text for a in found if a.cue == "said"] == ["the ferry would run again"]


def test_short_quote_before_cue_is_still_speech():
    found = atts("\u201cWe are ready,\u201d Ilka Moravec said.")
    assert [a.text for a in found] == ["We are ready"]


def test_endorsing_a_named_candidate_is_an_attribution():
    found = atts("The dockworkers\u2019 union, which endorsed Moravec last year, met on Monday.")
    hits = [a for a in found if a.cue == "endorsed"]
    assert hits and hits[0].text == "Moravec", found


def test_one_word_object_that_is_not_a_name_is_dropped():
    assert not [a for a in atts("The council endorsed it.") if a.cue == "endorsed"]


def test_praising_a_person_is_not_mistaken_for_citing_one():
    found = atts("Ana Ruiz praised Ilka Moravec at the harbour opening.")
    assert any(a.cue == "praised" and "Moravec" in a.text for a in found), found


def test_headline_surname_named_in_full_below_speaks():
    text = "Moravec: \u2018The bridge will open in spring.\u2019\n\nMayor Ilka Moravec spoke in Vell on Monday.\n"
    found = atts(text)
    hits = [a for a in found if "bridge will open" in a.text]
    assert hits and hits[0].speaker == "Ilka Moravec" and hits[0].speaker_kind == "person", found


def test_headline_document_noun_speaks():
    found = atts("Poll: Moravec holds a narrow lead in Vell.\n\nThe survey was taken last week.\n")
    assert [a.speaker_span for a in found if a.cue == ":"] == ["Poll"]


def test_headline_label_is_not_a_speaker():
    assert atts("Still to come: the weather for the long weekend in Vell.\n") == ()


def test_noun_cue_with_that_clause():
    found = atts("Ilka Moravec repeated her claim that the bridge would open in spring.")
    hits = [a for a in found if a.cue == "claim"]
    assert hits and hits[0].text == "that the bridge would open in spring", found
    assert hits[0].speaker == "Ilka Moravec"


def test_noun_cue_without_that_clause_is_nothing():
    assert not [a for a in atts("The claim was filed in Vell on Monday.") if a.cue == "claim"]


def test_in_a_poll_the_clause_is_what_it_found():
    found = atts("In a new poll by the Vell Institute, Moravec leads Ruiz by ten points.")
    hits = [a for a in found if a.cue == "In"]
    assert hits and hits[0].text.startswith("Moravec leads Ruiz"), found
    assert "poll" in (hits[0].speaker_span or "")


def test_in_a_statement_is_left_to_the_cue_verb():
    found = atts("In a statement, the ministry said the bridge would open in spring.")
    assert [a.cue for a in found] == ["said"]


def test_described_as_keeps_the_as_phrase():
    found = atts("The mayor described the plan as a disaster for the harbour.")
    assert [a.text for a in found if a.cue == "described"] == ["the plan as a disaster for the harbour"]


def test_calling_a_meeting_is_no_speech():
    assert not [a for a in atts("The harbour board called an emergency meeting.") if a.cue == "called"]


def test_calling_something_a_name_is_speech():
    found = atts("Ilka Moravec called the ferry plan a disaster for the valley.")
    assert [a.text for a in found if a.cue == "called"] == ["the ferry plan a disaster for the valley"]


def test_content_never_starts_with_its_own_cue():
    found = atts("Ana Ruiz condemned what she called a brazen breach of the harbour rules.")
    assert all(not a.text.lower().startswith(a.cue.lower()) for a in found if a.cue), found


def test_one_word_date_is_not_a_name():
    assert not [a for a in atts("The harbour board called on Friday for a vote.") if a.text == "Friday"]


def test_show_title_after_a_possessive_is_a_name():
    text = (
        "In an interview on VBC\u2019s \u201cHarbour Hour,\u201d Ilka Moravec said the ferry would run again."
    )
    assert [a.text for a in atts(text) if a.cue == "said"] == ["the ferry would run again"]


def test_inverted_cue_with_a_quoted_noun_keeps_the_named_speaker():
    text = "\u201cThe ferry plan is in chaos. Total chaos,\u201d said Ilka Moravec, a harbour councillor."
    a = next(a for a in atts(text) if a.cue == "said")
    assert a.speaker == "Ilka Moravec" and a.text.startswith("The ferry plan is in chaos")


def test_participle_after_a_quote_gets_its_own_clause():
    text = (
        "\u201cThe port must stay open,\u201d Ana Ruiz said on Monday, stressing it was time to lift the ban."
    )
    found = {a.cue: a.text for a in atts(text)}
    assert found.get("said") == "The port must stay open"
    assert found.get("stressing") == "it was time to lift the ban"


def test_told_an_audience_that():
    text = "Ana Ruiz told a meeting of harbour pilots that few people understood the silting problem."
    a = next(a for a in atts(text) if a.cue == "told")
    assert a.text == "that few people understood the silting problem"


def test_title_case_headline_verb_is_read_as_a_cue():
    text = "Harbour Union Endorses Ilka Moravec For Mayor.\n\nThe vote was held in Vell on Monday.\n"
    hits = [a for a in atts(text) if a.cue and a.cue.lower() == "endorses"]
    assert hits and "Ilka Moravec" in hits[0].text, atts(text)


def test_sentence_case_headline_is_parsed_as_is():
    text = "Harbour union endorses Ilka Moravec for mayor.\n\nThe vote was held in Vell on Monday.\n"
    hits = [a for a in atts(text) if a.cue == "endorses"]
    assert hits and "Ilka Moravec" in hits[0].text


def test_reported_clause_runs_on_past_a_colon():
    text = (
        "Ana Ruiz noted that three things are happening at once in Vell: fares are rising, "
        "the ferry is late and the bridge is closed."
    )
    a = next(a for a in atts(text) if a.cue == "noted")
    assert "fares are rising" in a.text, a
