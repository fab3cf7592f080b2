"""An unnamed source relayed by an outlet stays the speaker, whichever outlet relays it.

The issue asks that the same anonymous-source quote, re-reported by several outlets, keeps
speaker_kind "anonymous" in each (never the relaying outlet or a named person); the outlet
is kept as ``via``. Sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from storyline.extract import extract_article
from storyline.records import Article


def atts(text: str, outlet: str = "Quay Herald"):
    ex = extract_article(Article("r1", None, outlet, None, "", "2026-03-02", "en", text, text))
    assert ex.error is None
    return ex.attributions


def about(found, words: str):
    hits = [a for a in found if words in a.text]
    assert hits, [a.text for a in found]
    return hits[0]


@pytest.mark.parametrize(
    "text",
    [
        "The ferry deal will be signed in May, the Daily Lantern reported, citing a senior official close to the talks.",
        "The Daily Lantern reported that the ferry deal will be signed in May, citing a senior official.",
        "The Daily Lantern, citing two people familiar with the matter, reported that the ferry deal will be signed in May.",
    ],
)
def test_citing_an_unnamed_source_keeps_it_the_speaker(text: str):
    a = about(atts(text), "ferry deal will be signed in May")
    assert a.speaker_kind == "anonymous", a
    assert a.via == "the Daily Lantern" or a.via == "The Daily Lantern", a
    assert "citing" not in a.text


def test_same_anonymous_quote_in_several_relays():
    relays = [
        ("Quay Herald", "\u201cWe will not sign this year,\u201d a senior official told the Daily Lantern."),
        ("Harbour Post", "A senior official told the Daily Lantern: \u201cWe will not sign this year.\u201d"),
        (
            "Vell Courier",
            "\u201cWe will not sign this year,\u201d a senior official said, according to the Daily Lantern.",
        ),
    ]
    for outlet, text in relays:
        # the quote itself (an "according to the Lantern" around it is a second, outer attribution)
        a = min((a for a in atts(text, outlet) if "We will not sign" in a.text), key=lambda a: len(a.text))
        assert a.speaker_kind == "anonymous", (outlet, a)
        assert "Lantern" not in (a.speaker or "") and outlet not in (a.speaker or ""), a


def test_citing_by_an_organisation_is_left_alone():
    a = about(atts("Fares will rise in spring, the council said, citing treasurer Ilka Moravec."), "Fares")
    assert a.speaker_kind == "organization" and a.via is None


def test_head_noun_before_its_modifier_decides_the_kind():
    a = about(atts("The deal will be signed in May, a senior official close to the talks said."), "deal")
    assert a.speaker_kind == "anonymous", a


def test_surname_shared_by_two_people_is_not_merged_into_either():
    text = (
        "Ilka Moravec opened the bridge. Tomas Moravec, her brother, watched. "
        "Mr. Moravec said the toll was too high."
    )
    a = about(atts(text), "toll was too high")
    assert a.speaker not in ("Ilka Moravec",), a


def test_surname_of_one_person_resolves_to_the_full_name():
    text = "Ilka Moravec opened the bridge on Monday. Mayor Moravec said the toll was too high."
    assert about(atts(text), "toll was too high").speaker == "Ilka Moravec"
