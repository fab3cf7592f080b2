"""Asides and partial quotes: the cue stands inside or after the clause it reports."""

from __future__ import annotations

from storyline.extract import extract_article
from storyline.records import Article


def atts(text: str):
    ex = extract_article(Article("s1", None, "Harbor Ledger", None, "", "2025-11-20", "en", text, text))
    assert ex.error is None
    for a in ex.attributions:
        assert text[a.start : a.end] == a.text
    return ex.attributions


def test_aside_between_commas_takes_the_longer_side():
    text = "The old shipyard was a giant, Mara Elling said, until it closed in the winter of 1998."
    (a,) = atts(text)
    assert a.speaker == "Mara Elling" and a.cue == "said"
    assert "until it closed in the winter of 1998" in a.text


def test_aside_inside_the_clause_keeps_its_subject():
    text = "The tram plan, Councillor Ivo Brand said, failed badly in March."
    (a,) = atts(text)
    assert "Ivo Brand" in (a.speaker or "")
    assert a.text.startswith("The tram plan") and a.text.rstrip(".").endswith("failed badly in March")


def test_aside_at_the_end():
    (a,) = atts("The ferry will run again on Friday, the captain said.")
    assert a.text == "The ferry will run again on Friday"
    assert a.speaker_span == "the captain"


def test_quote_closing_a_sentence_takes_the_words_before_it():
    text = "Raising the toll on the old bridge \u201cwould be a grave mistake,\u201d said Pia Lund."
    (a,) = atts(text)
    assert a.text.startswith("Raising the toll") and "grave mistake" in a.text
    assert a.speaker == "Pia Lund"


def test_whole_sentence_quote_is_only_the_quote():
    (a,) = atts("\u201cThe toll would be a grave mistake,\u201d said Pia Lund.")
    assert a.text == "The toll would be a grave mistake"
    assert a.kind == "direct"


def test_aside_with_an_addressee_verb():
    (a,) = atts("The real risk, the engineer told me on Friday, is the flooding of the lower deck.")
    assert a.cue == "told" and a.speaker_span == "the engineer"
    assert "flooding of the lower deck" in a.text
