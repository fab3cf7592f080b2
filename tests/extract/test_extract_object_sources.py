"""Cue verbs whose object is usually the content ("cited a poll", "praised the plan") do not
make a speaker phrase into content ("citing a senior official")."""

from __future__ import annotations

from storyline.extract import extract_article
from storyline.records import Article


def atts(text: str):
    ex = extract_article(Article("o1", None, "Quay Herald", None, "", "2026-02-11", "en", text, text))
    assert ex.error is None
    return ex.attributions


def test_citing_an_unnamed_source_is_not_content():
    text = ("The two ports agreed to share the ferry route, the Daily Lantern reported on Monday, "
            "citing a senior official close to the talks.")
    found = atts(text)
    assert all("senior official" not in a.text for a in found)
    assert any(a.text.startswith("The two ports agreed") for a in found)


def test_citing_a_named_person_is_not_content():
    found = atts("Fares will rise in spring, the council said, citing treasurer Ilka Moravec.")
    assert all("Moravec" not in a.text for a in found)


def test_an_object_that_is_content_is_kept():
    found = atts("The harbour master cited a new survey of the silted channel.")
    assert [a.text for a in found if a.cue == "cited"] == ["a new survey of the silted channel"]


def test_a_two_word_object_is_an_attribution_but_not_a_claim():
    text = "The Quay Herald could not independently confirm the report."
    ex = extract_article(Article("o2", None, "Quay Herald", None, "", "2026-02-11", "en", text, text))
    assert ex.error is None
    assert all(c.text != "the report" for c in ex.claims)
