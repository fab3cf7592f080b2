"""The stage seam: articles + extract's claims in → cites, edges, merged and counted claims out."""

from __future__ import annotations

import re

from storyline.config import Config
from storyline.extract.claims import claim_id
from storyline.pipeline import StageContext
from storyline.provenance import run
from storyline.records import Analysis, Article, Claim, Mention, ProvenanceEdge, Story

EN = (
    "Veldoria will not be forced to formally renounce its claim to the Orla islands.\n"
    "The harbour of Dunmar was closed for two days after the storm.\n"
    "Forty fishing boats were damaged in the port."
)
UK = (
    "Велдорію не змушуватимуть офіційно відмовитися від претензій на острови Орла.\n"
    "Гавань Дунмара була закрита два дні після шторму.\n"
    "У порту пошкоджено сорок рибальських човнів."
)


def article(aid: str, text: str, outlet: str | None, published: str | None, lang: str = "en") -> Article:
    return Article(aid, None, outlet, None, "t", published, lang, text, text)


def sentence_claims(a: Article, story: str) -> list[Claim]:
    """One claim per line, as the extract stage would give them (ids from its own scheme)."""
    out = []
    for m in re.finditer(r"[^\n]+", a.text):
        cid = claim_id(a.id, m.start(), m.end())
        out.append(
            Claim(cid, story, m.group(0), (Mention(a.id, m.group(0), m.start(), m.end(), outlet=a.outlet),))
        )
    return out


def analyse(arts: list[Article], prior: Analysis | None = None) -> Analysis:
    story = Story("s1", "t", None, tuple(a.id for a in arts), None, None)
    claims = tuple(c for a in arts for c in sentence_claims(a, "s1"))
    base = prior or Analysis()
    prior = Analysis(
        duplicate_of=base.duplicate_of, provenance=base.provenance, stories=(story,), claims=claims
    )
    return run(StageContext(articles=tuple(arts), config=Config()), prior)


def test_translation_pair_is_one_source_and_its_claims_merge() -> None:
    en = article("en", EN, "Reuters", "2026-03-01")
    uk = article("uk", UK, "Ukrainska Pravda", "2026-03-02", "uk")
    out = analyse([uk, en])
    edges = [(e.article_id, e.source, e.relation, e.directed_by) for e in out.provenance]
    assert edges == [("uk", "en", "translates", "date")]
    assert len(out.claims) == 3
    for c in out.claims:
        assert [m.article_id for m in c.mentions] == ["en", "uk"]
        assert c.id == claim_id("en", c.mentions[0].start, c.mentions[0].end)  # the earliest mention's id
        assert c.outlets == ("Reuters", "Ukrainska Pravda")
        assert c.origins == ("Reuters",) and c.independent_sources == 1


def test_undated_re_report_directed_by_its_citation() -> None:
    src = article("src", EN, "Reuters", None)
    text = EN.replace("islands.", "islands, Reuters reported.").replace("storm.", "storm, officials said.")
    relay = article("relay", text, "CNN", None)
    out = analyse([relay, src])  # stream order puts the relay first: only the citation tells
    (edge,) = [e for e in out.provenance if e.relation == "paraphrases"]
    assert (edge.article_id, edge.source, edge.directed_by) == ("relay", "src", "citation")
    assert out.cites == {"relay": (out.cites["relay"][0],)} and out.cites["relay"][0].outlet == "Reuters"
    cite_edges = [e for e in out.provenance if e.relation == "cites"]
    assert [(e.article_id, e.source) for e in cite_edges] == [("relay", "Reuters")]
    assert all(c.independent_sources == 1 and c.origins == ("Reuters",) for c in out.claims)


def test_wire_copy_keeps_the_dedup_edge_once_and_counts_the_wire() -> None:
    body = "WASHINGTON (AP) \u2014 " + EN
    a1 = article("p1", body, "The Denver Post", "2026-03-01")
    a2 = article("p2", body, "Chicago Tribune", "2026-03-02")
    copies = ProvenanceEdge("p2", "p1", "copies", "x", 1.0, "date")
    out = analyse([a1, a2], Analysis(duplicate_of={"p2": "p1"}, provenance=(copies,)))
    assert [e.relation for e in out.provenance if e.article_id == "p2" and e.source == "p1"] == ["copies"]
    assert {c.outlet for cs in out.cites.values() for c in cs} == {"Associated Press"}
    for c in out.claims:
        assert len(c.outlets) == 2 and c.origins == ("Associated Press",) and c.status == "single-source"
    again = run(StageContext(articles=(a1, a2), config=Config()), out)
    assert again.provenance == out.provenance and again.claims == out.claims  # rerun: same result


def test_two_independent_outlets_next_to_three_relays_of_one() -> None:
    text_a = "The harbour of Dunmar was closed for two days after the storm."
    relay = "Forty fishing boats were damaged in the port, The Washington Post reported."
    arts = [
        article("bbc", f"{text_a}\n{relay}", "BBC News", "2026-03-02"),
        article(
            "afp",
            f"The port of Dunmar stayed shut for two days after the storm.\n{relay}",
            "AFP",
            "2026-03-02",
        ),
        article(
            "npr", f"Officials met in Saltmere on Monday to plan the repairs.\n{relay}", "NPR", "2026-03-03"
        ),
    ]
    out = analyse(arts)
    by_text = {c.text: c for c in out.claims}
    port = by_text[text_a]
    assert port.independent_sources == 2 and port.status == "corroborated"
    boats = by_text[relay]
    assert (
        len(boats.outlets) == 3
        and boats.origins == ("The Washington Post",)
        and boats.independent_sources == 1
    )


def test_hashing_option_and_own_fields_only() -> None:
    import dataclasses

    import pytest

    from storyline.errors import ConfigError

    a1 = article("a1", EN, "Reuters", "2026-03-01")
    a2 = article("a2", EN.replace("Forty", "40"), "CNN", "2026-03-02")
    story = Story("s1", "t", None, ("a1", "a2"), None, None)
    claims = tuple(sentence_claims(a1, "s1") + sentence_claims(a2, "s1"))
    prior = Analysis(stories=(story,), claims=claims, storylines=(), entities=())
    cfg = Config(stages={"provenance": {"embedder": "hashing"}})
    out = run(StageContext(articles=(a1, a2), config=cfg), prior)
    assert len(out.claims) == 3 and all(len(c.mentions) == 2 for c in out.claims)
    for f in dataclasses.fields(Analysis):
        if f.name not in ("claims", "cites", "provenance"):
            assert getattr(out, f.name) == getattr(prior, f.name)
    with pytest.raises(ConfigError):
        run(StageContext(articles=(a1,), config=Config(stages={"provenance": {"embeder": "x"}})), prior)


def test_same_language_option_is_checked_and_embedder_scores_every_pair() -> None:
    import pytest

    from storyline.errors import ConfigError

    a1 = article("a1", EN, "Reuters", "2026-03-01")
    a2 = article("a2", EN.replace("Forty", "40"), "CNN", "2026-03-02")
    story = Story("s1", "t", None, ("a1", "a2"), None, None)
    prior = Analysis(stories=(story,), claims=tuple(sentence_claims(a1, "s1") + sentence_claims(a2, "s1")))
    cfg = Config(stages={"provenance": {"same_language": "embedder"}})  # E5 for every pair
    out = run(StageContext(articles=(a1, a2), config=cfg), prior)
    assert len(out.claims) == 3 and all(len(c.mentions) == 2 for c in out.claims)
    with pytest.raises(ConfigError, match="same_language"):
        bad = Config(stages={"provenance": {"same_language": "e5"}})
        run(StageContext(articles=(a1, a2), config=bad), prior)
