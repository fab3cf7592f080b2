"""The parse seam: sentence starts, the parser run only where a rule can fire, quote lookup."""

from __future__ import annotations

import pytest

from storyline.extract import extract_article
from storyline.extract.attributions import _inside_quote, parse_filter
from storyline.extract.lexicon import load_lexicon
from storyline.extract.nlp import load_model, parse, split_sentences
from storyline.extract.quotes import find_quotes
from storyline.records import Article

pytestmark = pytest.mark.skipif(load_model("en") is None, reason="no English spaCy model installed")

TEXT = (
    "The ferry to Port Alder left at noon with 40 passengers.\n"
    "Harbour master Ines Varga said the crossing would take three hours.\n"
    "Waves reached two metres near the breakwater."
)


def test_sentences_are_exactly_the_segmenter_ones():
    sentences = split_sentences(TEXT)
    doc = parse(TEXT, sentences, "en", parse_filter(TEXT, load_lexicon("en")))
    # a sentence's span in the doc also holds the newline token that follows it
    assert [(s.start_char, s.start_char + len(s.text.rstrip())) for s in doc.sents] == sentences


def test_only_sentences_with_a_cue_verb_are_parsed():
    sentences = split_sentences(TEXT)
    doc = parse(TEXT, sentences, "en", parse_filter(TEXT, load_lexicon("en")))
    first, second, third = list(doc.sents)
    # no cue: a flat tree under the first word, but tags and entities are kept
    assert {t.dep_ for t in first[1:]} == {"dep"} and first[0].dep_ == "ROOT"
    assert all(t.head.i == first[0].i for t in first)
    assert any(e.text == "Port Alder" for e in doc.ents)
    assert any(t.tag_.startswith("VB") for t in third)
    # the cue sentence gets a real parse: "said" has a subject and a clausal complement
    said = next(t for t in second if t.lower_ == "said")
    assert {c.dep_ for c in said.children} >= {"nsubj", "ccomp"}


def test_cue_inside_a_quote_does_not_ask_for_a_parse():
    text = 'The sign read "nobody said this would be easy" in red letters.'
    doc = parse(text, split_sentences(text), "en", parse_filter(text, load_lexicon("en")))
    assert {t.dep_ for t in list(doc.sents)[0][1:]} == {"dep"}


def test_selective_parse_finds_the_same_attribution_as_a_full_parse():
    art = Article("p1", None, "Harbor Ledger", None, "", "2025-11-20", "en", TEXT, TEXT)
    atts = extract_article(art).attributions
    assert len(atts) == 1
    assert atts[0].speaker == "Ines Varga" and "crossing would take" in atts[0].text


def test_inside_quote_lookup():
    text = 'He wrote "one two" and then "three four five" twice.'
    quotes = find_quotes(text)
    inside = [i for i in range(len(text)) if _inside_quote(i, quotes)]
    expected = [i for i in range(len(text)) if any(q.start <= i < q.end for q in quotes)]
    assert inside == expected and inside
    assert not _inside_quote(0, [])
