"""Through the whole pipeline: text files → ingest + clean → every stage → export.

Two written stories (``fixtures/``): three outlets relaying one newspaper's story that
quotes one anonymous source, one relay also citing two other outlets for side claims;
and a storm story where two outlets report the port closure first-hand while three
relay one newspaper's scoop on fuel exports.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storyline.config import Config
from storyline.export import build_export
from storyline.pipeline import analyze_articles, ingest
from storyline.records import Analysis, Claim
from storyline.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Analysis, list]:
    root = tmp_path_factory.mktemp("prov")
    for sub in ("relay", "independent"):
        shutil.copytree(FIXTURES / sub, root / "corpus" / sub)
    cfg = Config()
    with Store(str(root / "x.db")) as store:
        report = ingest([str(root / "corpus")], store, cfg)
        assert not report.failures
        articles = store.articles()
        analysis = analyze_articles(articles, cfg, store=store)
    return analysis, articles


def claim_with(analysis: Analysis, words: str) -> Claim:
    hits = [c for c in analysis.claims if words in c.text]
    assert len(hits) == 1, [c.text for c in hits]
    return hits[0]


def outlet_ids(articles: list, name: str) -> str:
    return next(a.id for a in articles if a.outlet == name)


def test_each_re_report_cites_the_newspaper(analysed) -> None:
    analysis, articles = analysed
    for outlet in ("CNN", "Politico", "Newsweek"):
        aid = outlet_ids(articles, outlet)
        assert "The Washington Post" in {c.outlet for c in analysis.cites[aid]}
        edges = [e for e in analysis.provenance if e.article_id == aid and e.relation == "cites"]
        assert "The Washington Post" in {e.source for e in edges}


def test_relayed_claim_is_three_outlets_one_source(analysed) -> None:
    analysis, _ = analysed
    c = claim_with(analysis, "claim to the Orla islands")
    assert sorted(c.outlets) == ["CNN", "Newsweek", "Politico"], [
        (x.text, x.outlets) for x in analysis.claims
    ]
    assert c.origins == ("The Washington Post",)
    assert c.independent_sources == 1 and c.status == "single-source"
    assert len({m.article_id for m in c.mentions}) == 3


def test_side_claims_cite_their_own_outlets(analysed) -> None:
    analysis, articles = analysed
    politico = outlet_ids(articles, "Politico")
    assert {c.outlet for c in analysis.cites[politico]} == {
        "The Washington Post",
        "The Wall Street Journal",
        "Axios",
    }
    assert claim_with(analysis, "40 tanks").origins == ("The Wall Street Journal",)
    assert claim_with(analysis, "open in Saltmere").origins == ("Axios",)


def test_independent_outlets_next_to_relays_of_one(analysed) -> None:
    analysis, _ = analysed
    port = claim_with(analysis, "for two days after")
    assert sorted(port.outlets) == ["BBC News", "Reuters"]
    assert port.independent_sources == 2 and port.status == "corroborated"
    fuel = claim_with(analysis, "fuel exports by 12 percent")
    assert sorted(fuel.outlets) == ["BBC News", "Reuters", "The Guardian"]
    assert fuel.origins == ("The New York Times",) and fuel.independent_sources == 1


def test_export_carries_cites_edges_and_counts(analysed) -> None:
    analysis, articles = analysed
    data = build_export(articles, analysis)
    by_id = {a["id"]: a for a in data["articles"]}
    assert all(by_id[a.id]["cites"] for a in articles)
    relations = {e["relation"] for e in data["provenance"]}
    assert "cites" in relations
    pairs = [(e["article_id"], e["source"], e["relation"]) for e in data["provenance"]]
    assert len(pairs) == len(set(pairs))  # one consistent set of edges, none doubled
    assert any(c["independent_sources"] == 2 for c in data["claims"])
