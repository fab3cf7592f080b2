"""Builders for hand-made briefing fixtures: fictional outlets, places and people only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import SimpleNamespace

import pytest

from storyline.brief import run
from storyline.config import Config
from storyline.pipeline import StageContext
from storyline.records import (
    Analysis,
    Article,
    Attribution,
    Claim,
    Contradiction,
    Mention,
    Position,
    ProvenanceEdge,
    Story,
    Storyline,
    TimeExpression,
)


def article(
    aid: str, outlet: str | None, text: str, published: str | None = "2026-05-04", family: str | None = None
) -> Article:
    return Article(
        id=aid,
        url=None,
        outlet=outlet,
        outlet_domain=None,
        title=aid,
        published=published,
        language="en",
        text=text,
        original_text=text,
        outlet_family=family or outlet,
    )


def claim(
    cid: str,
    story: str | None,
    text: str,
    arts: Sequence[Article],
    *,
    origins: Sequence[str] = (),
    speaker: str | None = None,
    speaker_kind: str | None = None,
    status: str | None = None,
) -> Claim:
    """A claim carried by each of ``arts``, pointing at ``text`` in each article."""
    mentions = []
    for a in arts:
        start = a.text.find(text)
        assert start >= 0, f"fixture error: {text!r} not in {a.id}"
        mentions.append(Mention(a.id, text, start, start + len(text), outlet=a.outlet))
    n = len(origins)
    return Claim(
        cid,
        story,
        text,
        tuple(mentions),
        speaker=speaker,
        speaker_kind=speaker_kind,
        outlets=tuple(sorted({a.outlet or "" for a in arts})),
        origins=tuple(origins),
        independent_sources=n,
        status=status or ("corroborated" if n >= 2 else "single-source"),
    )


def attribution(
    aid: str, art: Article, speaker: str, content: str, kind: str = "person", sentence: str | None = None
) -> Attribution:
    """An attribution of ``content`` (found in the article) to ``speaker``; its sentence defaults to the line."""
    start = art.text.find(content)
    assert start >= 0, f"fixture error: {content!r} not in {art.id}"
    if sentence is None:
        lo = art.text.rfind("\n", 0, start) + 1
        hi = art.text.find("\n", start)
        sentence = art.text[lo : hi if hi >= 0 else len(art.text)]
    return Attribution(
        aid, art.id, "direct", speaker, speaker, kind, "said", content, sentence, start, start + len(content)
    )


def timex(art: Article, text: str, value: str) -> TimeExpression:
    start = art.text.find(text)
    assert start >= 0, f"fixture error: {text!r} not in {art.id}"
    return TimeExpression(art.id, text, start, start + len(text), value, False)


def story(sid: str, arts: Sequence[Article], line: str | None = None) -> Story:
    dates = sorted(a.published for a in arts if a.published)
    return Story(
        sid, sid, line, tuple(a.id for a in arts), dates[0] if dates else None, dates[-1] if dates else None
    )


def brief(arts: Sequence[Article], options: dict | None = None, **fields: object) -> Analysis:
    """Run the brief stage over ``arts`` and an Analysis built from ``fields``."""
    ctx = StageContext(articles=tuple(arts), config=Config(stages={"brief": options or {}}))
    return run(ctx, Analysis(**{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()}))


@pytest.fixture
def b() -> SimpleNamespace:
    """The builders above (and the record types tests need) as one namespace."""
    funcs: list[Callable[..., object]] = [article, claim, attribution, timex, story, brief]
    ns = SimpleNamespace(**{f.__name__: f for f in funcs})
    ns.Contradiction, ns.Position, ns.Storyline, ns.ProvenanceEdge = (
        Contradiction,
        Position,
        Storyline,
        ProvenanceEdge,
    )
    return ns
