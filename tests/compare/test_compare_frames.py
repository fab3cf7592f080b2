"""Claim frames: the parse-based reading, the word-level fallback, and odd input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.compare.contradictions import conflict
from storyline.compare.frames import _plain_frame, parse_frames
from storyline.compare.lexicon import load_lexicon


def test_frame_reads_numbers_negation_and_opposite_verbs():
    released, refused, freed = parse_frames(
        [
            "The guards released 1,200 prisoners on 3 March.",
            "The guards refused to release the prisoners.",
            "The guards did not free the prisoners.",
        ]
    )
    assert released.numbers == ((1200.0, "prisoner"),) and released.dates == ("m:03-03",)
    assert released.polarity == 1 and released.tense == "past"
    assert refused.polarity == -1 and refused.negations == 0 and refused.action == released.action
    assert freed.polarity == -1 and freed.negations == 1 and freed.action == released.action


def test_word_level_fallback_sees_negation_and_numbers_but_never_an_action():
    lex = load_lexicon()
    a = _plain_frame("The guards released 12 prisoners.", set(), lex)
    b = _plain_frame("The guards did not release 12 prisoners.", set(), lex)
    assert a.numbers == ((12.0, "prisoner"),) and b.polarity == -1 and a.polarity == 1
    assert a.action is None and conflict(a, b) is None  # no action: never compared, so no false alarm


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=120))
def test_any_text_gives_a_frame(text):
    (frame,) = parse_frames([text])
    assert frame.polarity in (1, -1) and frame.tense in ("past", "present", "future")
    assert conflict(frame, frame) is None


def test_stage_survives_claims_without_mentions_or_text(build):
    from storyline.records import Claim

    a = build.article("a1", "Harbour Gazette", "Nothing much happened in Karsk.")
    odd = [Claim("c1", "s1", ""), Claim("c2", None, "   "), Claim("c3", "s-missing", "Karsk is quiet.")]
    result = build.analyse([a], [build.story("s1", [a])], odd)
    assert result.contradictions == () and len(result.claims) == 3
    assert result.extras["omissions"] == [] and result.extras["framing"] == []
