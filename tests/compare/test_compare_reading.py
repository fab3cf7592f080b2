"""The stage's reader: each distinct text parsed once, and texts whose parse cannot matter not parsed."""

from __future__ import annotations

import hashlib

import pytest

from storyline.compare import reading
from storyline.compare.frames import parse_frames
from storyline.compare.lexicon import load_lexicon, word_starts
from storyline.compare.positions import may_take_stance, storyline_positions
from storyline.compare.reading import FRAME, SENTENCES, Reader
from storyline.records import Storyline

pytestmark = pytest.mark.skipif(reading.load_nlp() is None, reason="no spaCy model")


def test_each_distinct_text_is_parsed_once_whatever_is_asked_of_it():
    one = "The council of Norrow approved the new harbour budget on Tuesday."
    two = "Mayor Tessa Lind said the budget was too small. She asked for more."
    reader = Reader()
    reader.read([(one, FRAME), (two, FRAME), (two, SENTENCES), (one, FRAME)])
    assert reader.parsed == 2
    assert reader.get(two, SENTENCES) == (
        "Mayor Tessa Lind said the budget was too small.",
        "She asked for more.",
    )
    assert reader.get(one, SENTENCES) == ()  # not asked before: parsed now, one sentence
    assert reader.parsed == 3
    assert reader.get(one, FRAME) == parse_frames([one])[0]  # the frame a fresh parse gives
    assert reader.parsed == 3
    with pytest.raises(ValueError):
        reader.read([(one, "shape")])


def test_dispute_words_are_found_in_every_inflection_and_nowhere_else():
    disputes = word_starts(load_lexicon().disputes)
    for text in (
        "They denied it.",
        "Denies any deal",
        "disputing the count",
        "it was refuted",
        "contradicts",
    ):
        assert disputes.search(text.lower()), text
    for text in ("The president and the garden", "evidence of a sudden burden", "undisputable"):
        assert not disputes.search(text.lower()), text


def test_a_storyline_where_no_statement_takes_a_stance_parses_no_statement(build):
    text = "Mayor Tessa Lind said the harbour budget was discussed on Tuesday."
    assert not may_take_stance(text)
    assert may_take_stance("Mayor Tessa Lind said she opposes the harbour budget.")
    a1 = build.article("a1", "Harbour Gazette", text)
    s1 = build.story("s1", [a1], "L1")
    att = build.attribution("t1", a1, "Tessa Lind", text)
    reader = Reader()
    line = Storyline("L1", "L1", ("s1",))
    assert storyline_positions(line, {"s1": s1}, {"a1": a1}, [att], [], [], reader=reader) == []
    assert reader.parsed == 0


def test_positions_with_a_stance_still_come_through_the_reader(build):
    text = "Mayor Tessa Lind said she opposes the harbour budget cuts."
    a1 = build.article("a1", "Harbour Gazette", text, published="2026-03-01")
    a2 = build.article("a2", "Valley Courier", text, published="2026-03-02")
    s1 = build.story("s1", [a1, a2], "L1")
    atts = [build.attribution("t1", a1, "Tessa Lind", text), build.attribution("t2", a2, "Tessa Lind", text)]
    reader = Reader()
    line = Storyline("L1", "L1", ("s1",))
    found = storyline_positions(line, {"s1": s1}, {"a1": a1, "a2": a2}, atts, [], [], reader=reader)
    assert reader.parsed == 1  # one distinct statement text
    assert [(p.actor, p.stance) for p in found] and all(p.stance == "opposes" for p in found)


def test_parses_kept_in_the_store_are_not_parsed_again(tmp_path):
    from storyline.store import Store

    texts = [
        "The council of Norrow approved the new harbour budget on Tuesday.",
        "Mayor Tessa Lind said the budget was too small. She asked for more.",
    ]
    wants = [(t, need) for t in texts for need in (FRAME, SENTENCES, "said", "subject")]
    with Store(str(tmp_path / "s.db")) as store:
        first = Reader(store)
        first.read(wants)
        again = Reader(store)
        again.read(wants)
        assert (first.parsed, first.cached, again.parsed, again.cached) == (2, 0, 0, 2)
        for text, need in wants:
            assert again.get(text, need) == first.get(text, need)
        key = "t-" + hashlib.sha1(texts[0].encode()).hexdigest()
        assert key in store.get_features(reading.CACHE_KIND, again.version, [key])
        store.put_features(reading.CACHE_KIND, again.version, [(key, b"damaged")])
        third = Reader(store)
        third.read(wants)
        assert (third.parsed, third.cached) == (1, 1)  # the damaged entry is parsed again
        assert third.get(texts[0], FRAME) == first.get(texts[0], FRAME)
