"""Properties of the frames and the check on arbitrary text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.brief import frames
from storyline.brief.sentences import SentenceIndex, clip
from storyline.brief.support import check, overlap
from storyline.records import Article, BriefSentence, Citation

TEXT = st.text(min_size=1, max_size=200)
NAMES = st.text(min_size=1, max_size=120).filter(lambda s: frames.slot_value(s) != "")


@settings(max_examples=200, deadline=None)
@given(content=TEXT, origin=NAMES)
def test_a_rendered_frame_gives_back_exactly_its_content(content, origin):
    text = frames.render("single-source", content, origin=origin)
    assert frames.split(text, "single-source") == ("single-source", content)


@settings(max_examples=200, deadline=None)
@given(text=TEXT, cut=st.integers(min_value=1, max_value=30))
def test_quoting_a_sentence_is_always_supported_and_clipping_never_adds_words(text, cut):
    score = overlap(clip(text, cut), [text])
    assert score is None or score == 1.0


@settings(max_examples=200, deadline=None)
@given(body=st.text(max_size=300), start=st.integers(-5, 320), length=st.integers(0, 60))
def test_sentence_lookup_never_raises_and_quotes_the_text_verbatim(body, start, length):
    art = Article("a", None, "X", None, "", None, None, body, body)
    found = SentenceIndex({"a": art}).around("a", start, start + length)
    if found is not None:
        assert body[found.start : found.end] == found.text and found.text
        verdict = check(BriefSentence(found.text, (Citation("a", "X", found.text),)), {"a": art})
        assert verdict.reason in ("ok", "no-content")
