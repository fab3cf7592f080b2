"""Quote layout: a closing mark typed where a quote opens, and a second quote after a new cue."""

from __future__ import annotations

from storyline.extract import extract_article
from storyline.extract.quotes import find_quotes
from storyline.records import Article


def atts(text: str):
    ex = extract_article(Article("q1", None, "Quay Herald", None, "", "2026-03-02", "en", text, text))
    assert ex.error is None
    return ex.attributions


def test_closing_mark_typed_as_opener_starts_a_quote():
    text = "\u201dThe ferry is late again. We wait every day.\u201d \u2015 Ana Ruiz\nNext paragraph."
    qs = find_quotes(text)
    assert [text[q.start : q.end] for q in qs] == ["The ferry is late again. We wait every day."]


def test_closing_mark_after_a_word_is_not_an_opener():
    text = "\u201cWe wait,\u201d she said. It is the \u201dlast\u201d time."
    assert [text[q.start : q.end] for q in find_quotes(text)][0] == "We wait,"


def test_signed_quotes_with_a_misused_opener_get_their_own_signer():
    text = (
        "\u201dThe ferry is late again. We wait every day.\u201d \u2015 Ana Ruiz\n"
        "\u201cThe new timetable helps nobody in the valley.\u201d \u2015 Ivo Brandt\n"
    )
    by_text = {a.text: a.speaker for a in atts(text)}
    assert by_text.get("The ferry is late again. We wait every day.") == "Ana Ruiz", by_text
    assert by_text.get("The new timetable helps nobody in the valley.") == "Ivo Brandt", by_text


def test_second_quote_after_adding_is_its_own_attribution():
    text = (
        "\u201cThe bridge cannot wait another winter,\u201d Mayor Ilka Moravec said, adding later, "
        "\u201cWe have asked the ministry twice and heard nothing back.\u201d"
    )
    found = atts(text)
    first = [a for a in found if a.text.startswith("The bridge cannot wait")]
    second = [a for a in found if a.text.startswith("We have asked the ministry")]
    assert first and "heard nothing" not in first[0].text
    assert second and second[0].cue == "adding" and second[0].speaker == "Ilka Moravec"


def test_quote_continued_after_plain_cue_is_joined():
    text = (
        "\u201cThe bridge cannot wait,\u201d Ilka Moravec said. \u201cWe have asked the ministry twice.\u201d"
    )
    found = [a for a in atts(text) if "bridge" in a.text]
    assert len(found) == 1 and "asked the ministry twice" in found[0].text
