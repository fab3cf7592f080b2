"""Builders for hand-made compare fixtures: fictional outlets, places and people only."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from storyline.compare import run
from storyline.config import Config
from storyline.pipeline import StageContext
from storyline.records import Analysis, Article, Attribution, Claim, Entity, Mention, Story, Storyline


def article(
    aid: str,
    outlet: str,
    text: str,
    title: str = "",
    published: str | None = "2026-03-02",
    kind: str = "commercial",
    country: str | None = None,
) -> Article:
    return Article(
        id=aid,
        url=None,
        outlet=outlet,
        outlet_domain=None,
        title=title,
        published=published,
        language="en",
        text=text,
        original_text=text,
        outlet_country=country,
        outlet_kind=kind,
    )


def claim(
    cid: str, story: str | None, text: str, arts: Sequence[Article], speaker: str | None = None
) -> Claim:
    """A claim carried by each article in ``arts``, pointing at its span in that article's text."""
    mentions = []
    for a in arts:
        start = a.text.find(text)
        assert start >= 0, f"fixture error: {text!r} not in {a.id}"
        mentions.append(Mention(a.id, text, start, start + len(text), outlet=a.outlet))
    return Claim(
        cid,
        story,
        text,
        tuple(mentions),
        speaker=speaker,
        outlets=tuple(sorted({a.outlet or "" for a in arts})),
    )


def attribution(
    aid: str, art: Article, speaker: str, sentence: str, kind: str = "person", cue: str = "said"
) -> Attribution:
    start = art.text.find(sentence)
    assert start >= 0, f"fixture error: {sentence!r} not in {art.id}"
    return Attribution(
        aid, art.id, "indirect", speaker, speaker, kind, cue, sentence, sentence, start, start + len(sentence)
    )


def story(sid: str, arts: Sequence[Article], line: str | None = None) -> Story:
    dates = sorted(a.published for a in arts if a.published)
    return Story(
        sid, sid, line, tuple(a.id for a in arts), dates[0] if dates else None, dates[-1] if dates else None
    )


def analyse(
    arts: Sequence[Article],
    stories: Sequence[Story] = (),
    claims: Sequence[Claim] = (),
    attributions: Sequence[Attribution] = (),
    entities: Sequence[Entity] = (),
    storylines: Sequence[Storyline] = (),
    options: dict | None = None,
) -> Analysis:
    ctx = StageContext(articles=tuple(arts), config=Config(stages={"compare": options or {}}))
    prior = Analysis(
        stories=tuple(stories),
        storylines=tuple(storylines),
        claims=tuple(claims),
        attributions=tuple(attributions),
        entities=tuple(entities),
    )
    return run(ctx, prior)


@pytest.fixture
def build() -> Callable[..., object]:
    """The builders above as one namespace, so test modules need no imports from here."""

    class B:
        pass

    ns = B()
    for f in (article, claim, attribution, story, analyse):
        setattr(ns, f.__name__, staticmethod(f))
    return ns
