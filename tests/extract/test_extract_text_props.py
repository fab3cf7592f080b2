"""Property tests for the text scanners (quotes, sentences) and abbreviation handling."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.extract.nlp import split_sentences
from storyline.extract.quotes import find_quotes, quoted_share

ALPHABET = st.sampled_from(list("ab C.\n,\u201c\u201d\"\u2018\u2019' ?!:"))
texts = st.lists(ALPHABET, max_size=200).map("".join)


@given(texts)
@settings(max_examples=300, deadline=None)
def test_quotes_stay_inside_text_and_paragraphs(text: str):
    last = -1
    for q in find_quotes(text):
        assert 0 <= q.open_at < q.start <= q.end <= len(text)
        assert "\n" not in text[q.start : q.end]
        assert q.open_at > last  # in order, never overlapping
        last = q.end - 1 if q.end > q.start else q.open_at
        assert 0.0 <= quoted_share([q], q.start, q.end + 1) <= 1.0


@given(texts)
@settings(max_examples=300, deadline=None)
def test_sentences_are_ordered_non_empty_spans(text: str):
    prev_end = 0
    for start, end in split_sentences(text):
        assert prev_end <= start < end <= len(text)
        assert text[start:end].strip()
        assert "\n" not in text[start:end]
        prev_end = end


def test_unclosed_quote_runs_to_paragraph_end():
    text = "He said: \u201cWe will stay here.\nNext paragraph."
    (q,) = find_quotes(text)
    assert text[q.start : q.end] == "We will stay here."


def test_apostrophe_is_not_a_closing_single_quote():
    text = "She called it \u2018the mayor\u2019s plan\u2019 on air."
    (q,) = find_quotes(text)
    assert text[q.start : q.end] == "the mayor\u2019s plan"


@pytest.mark.parametrize(
    "text",
    [
        "Sen. Ada Brandt met U.S. officials in Vell. They talked.",
        "Gen. Ivo Marsh arrived on Nov. 3 with J. R. Tolk. They talked.",
        "Dr. Lena Okafor and Prof. Tomas Reyes spoke. They talked.",
    ],
)
def test_abbreviations_and_initials_do_not_split(text: str):
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans][-1] == "They talked."
    assert len(spans) == 2


def test_doubled_apostrophes_are_a_quote_mark():
    text = "''It is over,'' she said. ''We lost.''"
    quotes = [text[q.start : q.end] for q in find_quotes(text)]
    assert quotes == ["It is over,", "We lost."]


WORDS = st.sampled_from(
    [
        "said",
        "told",
        "according",
        "to",
        "Ana",
        "Ruiz",
        "the",
        "official",
        "he",
        "\u201c",
        "\u201d",
        '"',
        ":",
        ",",
        ".",
        "\n",
        "on",
        "Monday",
        "last",
        "week",
        "12",
        "percent",
        "Vell",
        "newspaper",
        "who",
        "''",
        "\u2015",
    ]
)


@given(st.lists(WORDS, max_size=40).map(" ".join), st.sampled_from([None, "2025-11-20", "garbage"]))
@settings(max_examples=40, deadline=None)
def test_extract_article_never_raises_and_offsets_hold(text: str, published):
    from storyline.extract import extract_article
    from storyline.records import Article

    ex = extract_article(Article("h", None, None, None, "", published, "en", text, text))
    if not text.strip():
        assert ex.error and "\n" not in ex.error
        return
    assert ex.error is None
    for a in ex.attributions:
        assert text[a.start : a.end] == a.text
    for e in ex.entities:
        assert text[e.start : e.end] == e.text
    for t in ex.time_expressions:
        assert text[t.start : t.end] == t.text
    for c in ex.claims:
        assert all(text[m.start : m.end] == m.text for m in c.mentions)
