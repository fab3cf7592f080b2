"""Hand-made report fixtures: fictional outlets, towns and people only, written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.records import (
    Analysis,
    Article,
    Attribution,
    Briefing,
    BriefSentence,
    Citation,
    Cite,
    Claim,
    Contradiction,
    Failure,
    Mention,
    Position,
    ProvenanceEdge,
    Story,
    Storyline,
)

WIRE = (
    "BRENN — The harbour authority of Brenn will close the north quay for six weeks, "
    "director Amalia Roos said on Tuesday.\n"
    "“The repairs cannot wait,” Roos told reporters.\n"
    "Shipping firms said they were not consulted."
)
CITING = (
    "The north quay in Brenn will shut for six weeks, Tessel Wire reported.\n"
    "A union spokesman said the closure would last eight weeks."
)
LATER = "Amalia Roos said the quay could reopen early if the weather holds."


def article(aid: str, outlet: str, text: str, title: str, published: str | None, **kw: Any) -> Article:
    return Article(
        id=aid, url=kw.pop("url", f"https://{aid}.example/news"), outlet=outlet, outlet_domain=None, title=title,
        published=published, language="en", text=text, original_text=text, **kw,
    )  # fmt: skip


def span(a: Article, words: str) -> tuple[int, int]:
    start = a.text.find(words)
    assert start >= 0, f"fixture error: {words!r} not in {a.id}"
    return start, start + len(words)


def attribution(aid: str, a: Article, speaker: str, said: str, who: str, kind: str = "person") -> Attribution:
    s, e = span(a, said)
    ss, se = span(a, who)
    return Attribution(
        id=aid, article_id=a.id, kind="indirect", speaker=speaker, speaker_span=who, speaker_kind=kind,
        cue="said", text=said, sentence=said, start=s, end=e, speaker_start=ss, speaker_end=se,
    )  # fmt: skip


def claim(cid: str, story: str, text: str, arts: list[Article], **kw: Any) -> Claim:
    mentions = tuple(Mention(a.id, text, *span(a, text), outlet=a.outlet) for a in arts)
    return Claim(cid, story, text, mentions, outlets=tuple(sorted({a.outlet or "" for a in arts})), **kw)


@pytest.fixture
def corpus() -> tuple[list[Article], Analysis, list[Failure]]:
    """Two stories of one storyline, every Analysis field filled."""
    wire = article("wire-1", "Tessel Wire", WIRE, "Brenn to close north quay for repairs", "2026-04-01",
                   outlet_kind="wire")  # fmt: skip
    copy = article("copy-1", "Coast Herald", WIRE, "North quay closes in Brenn", "2026-04-01T12:00:00Z")
    cites = article("cite-1", "Valley Post", CITING, "Brenn quay shut for weeks", "2026-04-02")
    later = article("later-1", "Brenn Radio", LATER, "Quay may reopen early", "2026-04-09")
    arts = [wire, copy, cites, later]
    s1 = Story(
        "s-quay",
        "Brenn closes north quay",
        "l-brenn",
        ("wire-1", "copy-1", "cite-1"),
        "2026-04-01",
        "2026-04-02",
    )
    s2 = Story("s-reopen", "Quay may reopen early", "l-brenn", ("later-1",), "2026-04-09", "2026-04-09")
    c_weeks = claim("c-six", "s-quay", "close the north quay for six weeks", [wire, copy],
                    independent_sources=1, status="disputed", speaker="Amalia Roos")  # fmt: skip
    c_eight = claim("c-eight", "s-quay", "the closure would last eight weeks", [cites], status="disputed")
    c_firms = claim("c-firms", "s-quay", "Shipping firms said they were not consulted", [wire, copy],
                    independent_sources=1, origins=("Tessel Wire",))  # fmt: skip
    analysis = Analysis(
        duplicate_of={"copy-1": "wire-1"},
        cites={"cite-1": (Cite("Tessel Wire", "Tessel Wire reported"),)},
        stories=(s1, s2),
        storylines=(Storyline("l-brenn", "Brenn harbour works", ("s-quay", "s-reopen")),),
        attributions=(
            attribution(
                "a-roos",
                wire,
                "Amalia Roos",
                "will close the north quay for six weeks",
                "director Amalia Roos",
            ),
            attribution(
                "a-union",
                cites,
                "union spokesman",
                "the closure would last eight weeks",
                "A union spokesman",
                kind="anonymous",
            ),
        ),  # fmt: skip
        claims=(c_weeks, c_eight, c_firms),
        provenance=(ProvenanceEdge("copy-1", "wire-1", "copies", "same text", 0.98, "date"),),
        contradictions=(
            Contradiction("x-1", "s-quay", ("c-six", "c-eight"), "number", "six weeks vs eight weeks"),
        ),
        positions=(
            Position(
                "Amalia Roos",
                "quay closure",
                "supports",
                "2026-04-01",
                "The repairs cannot wait",
                ("wire-1",),
                "s-quay",
                "l-brenn",
            ),
            Position(
                "Amalia Roos",
                "quay closure",
                "conditional",
                "2026-04-09",
                "could reopen early if the weather holds",
                ("later-1",),
                "s-reopen",
                "l-brenn",
                changed=True,
            ),
        ),  # fmt: skip
        briefings=(
            Briefing(
                "b-1",
                "s-quay",
                None,
                (
                    BriefSentence(
                        "Brenn will close the north quay for six weeks.",
                        (
                            Citation("wire-1", "Tessel Wire", WIRE.split("\n")[0]),
                            Citation("cite-1", "Valley Post", CITING.split("\n")[0]),
                        ),
                    ),
                    BriefSentence(
                        "A union spokesman said the closure would last eight weeks.",
                        (Citation("cite-1", "Valley Post", CITING.split("\n")[1]),),
                        section="disputed",
                    ),
                ),
            ),
        ),  # fmt: skip
        extras={
            "omissions": [
                {
                    "story_id": "s-quay",
                    "outlet": "Valley Post",
                    "claim_id": "c-firms",
                    "claim_text": c_firms.text,
                    "carried_by": ["Coast Herald", "Tessel Wire"],
                }
            ],
            "framing": [
                {
                    "story_id": "s-quay",
                    "by_outlet": {
                        "Valley Post": {
                            "articles": 1,
                            "outlets": ["Valley Post"],
                            "headline_words": [["shut", 1]],
                            "distinctive": [
                                {
                                    "term": "union",
                                    "z": 2.4,
                                    "count": 1,
                                    "significant": True,
                                    "example": {
                                        "article_id": "cite-1",
                                        "start": 0,
                                        "end": 5,
                                        "text": "A union spokesman said",
                                    },
                                },
                                {
                                    "term": "weeks",
                                    "z": 0.3,
                                    "count": 1,
                                    "significant": False,
                                    "example": None,
                                },
                            ],
                            "voices": {
                                "attributions": 1,
                                "by_speaker": {"union spokesman": 1.0},
                                "by_kind": {"anonymous": 1.0},
                            },
                            "leads": [],
                        }
                    },
                    "by_group": {
                        "kind:wire": {
                            "articles": 1,
                            "outlets": ["Tessel Wire"],
                            "headline_words": [],
                            "distinctive": [],
                            "voices": {},
                            "leads": [],
                        }
                    },
                }
            ],
        },  # fmt: skip
    )
    return arts, analysis, [Failure("inbox/broken.bin", "binary", "looks like binary data")]
