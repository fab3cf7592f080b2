"""The support check and the frames it leaves out."""

from __future__ import annotations

import pytest

from storyline.brief import frames
from storyline.brief.sentences import clip
from storyline.brief.support import check, content_words, overlap
from storyline.records import Article, BriefSentence, Citation

TEXT = "The Orvik council approved a budget of 40 million crowns on Monday.\nProtesters gathered outside."
ART = Article(
    id="a1",
    url=None,
    outlet="Fjord Post",
    outlet_domain=None,
    title="t",
    published=None,
    language="en",
    text=TEXT,
    original_text=TEXT,
)
SOURCE = "The Orvik council approved a budget of 40 million crowns on Monday."


def cite(sentence: str = SOURCE, article_id: str = "a1") -> Citation:
    return Citation(article_id, "Fjord Post", sentence)


def test_content_words_drop_stop_words_keep_numbers_and_fold_case():
    assert content_words("The Council approved 40 of THEM") == {"council", "approved", "40"}
    assert content_words("it is what it is") == set()


def test_overlap_is_the_share_of_content_words_found():
    assert overlap("council approved budget", [SOURCE]) == 1.0
    assert overlap("council rejected budget", [SOURCE]) == pytest.approx(2 / 3)
    assert overlap("and the", [SOURCE]) is None


def test_every_frame_round_trips_and_only_the_frame_is_left_out():
    for name, frame in frames.frames().items():
        like = {"count": 3, "date": "2026-05-04 to 2026-05-10", "stance": "supports"}
        slots = {s: like.get(s, "Fjord Post") for s in frames._SLOT.findall(frame.template) if s != "content"}
        text = frames.render(name, "Protesters: gathered outside.", **slots)
        found, content = frames.split(text, frame.section)
        assert content == "Protesters: gathered outside.", name
        assert found is not None and frames.frames()[found].section == frame.section


def test_slot_values_cannot_smuggle_content_into_the_frame():
    text = frames.render("single-source", SOURCE, origin="x: the council resigned")
    assert frames.split(text, "single-source")[1] == SOURCE  # the colon in the slot was neutralised
    assert ":" not in text.split("): ")[0]


def test_supported_sentence_passes_with_its_score():
    s = BriefSentence(frames.render("single-source", SOURCE, origin="Fjord Post"), (cite(),), "single-source")
    verdict = check(s, {"a1": ART})
    assert verdict.ok and verdict.support == 1.0


def test_content_not_in_the_cited_sentence_fails():
    text = frames.render(
        "single-source", "The Orvik council rejected the harbour tunnel plan.", origin="Fjord Post"
    )
    verdict = check(BriefSentence(text, (cite(),), "single-source"), {"a1": ART})
    assert not verdict.ok and verdict.reason == "below-threshold" and verdict.support < 0.8


def test_frame_words_count_when_the_section_does_not_own_the_frame():
    text = frames.render("single-source", SOURCE, origin="Harbour Radio Network Weekly")
    assert check(BriefSentence(text, (cite(),), "single-source")).ok
    assert not check(BriefSentence(text, (cite(),), "timeline")).ok


def test_citation_must_be_verbatim_in_its_article():
    forged = cite("The Orvik council approved a budget of 40 million crowns on Monday, officials said.")
    s = BriefSentence(SOURCE, (forged,), "single-source")
    assert check(s).ok  # words alone would pass ...
    assert check(s, {"a1": ART}).reason == "not-in-article"  # ... but the sentence is not in the article
    assert check(BriefSentence(SOURCE, (cite(article_id="gone"),)), {"a1": ART}).reason == "not-in-article"


def test_no_citation_or_no_content_is_unsupported():
    assert check(BriefSentence(SOURCE, ())).reason == "no-citation"
    assert check(BriefSentence("It is what it is.", (cite(),))).reason == "no-content"


def test_clip_says_less_never_more():
    long = " ".join(f"word{i}" for i in range(100))
    clipped = clip(long, 10)
    assert clipped.endswith(" …") and len(clipped.split()) == 11
    assert overlap(clipped, [long]) == 1.0
    assert clip("a\n b\t c", 10) == "a b c"
