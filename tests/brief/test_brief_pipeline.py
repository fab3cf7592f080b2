"""The brief stage at the end of the real pipeline, on short articles written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.brief import check
from storyline.config import Config
from storyline.pipeline import analyze_articles, ingest
from storyline.store import Store

OUTLETS = """name,domains,country,kind,family,aliases
Fjord Post,fjordpost.example,NO,commercial,,
Harbour Radio,harbourradio.example,NO,public,,
Coast Weekly,coastweekly.example,NO,commercial,,
"""

ARTICLES = {
    "fjordpost-bridge.txt": """ date 2026-05-04 https://fjordpost.example/orvik/bridge-budget
Orvik council approves 40 million crowns for harbour bridge

The Orvik council approved a budget of 40 million crowns for the new harbour bridge on Monday.

Mayor Lene Tarvik said the bridge would open to traffic in 2028.

"This bridge joins the two halves of our town," Tarvik told reporters after the vote.

The ferry service to Skallen island will stop running once the bridge opens.
""",
    "harbourradio-bridge.txt": """ date 2026-05-04 https://harbourradio.example/news/orvik-bridge
Harbour bridge budget passes in Orvik

The Orvik council approved a budget of 40 million crowns for the new harbour bridge on Monday.

The vote passed by nine votes to four after a long debate in the town hall.

Mayor Lene Tarvik said the bridge would open to traffic in 2028.
""",
    "coastweekly-bridge.txt": """ date 2026-05-05 https://coastweekly.example/2026/05/05/orvik-bridge
Opposition says Orvik bridge will cost more

The opposition leader Per Holm said the bridge would cost 55 million crowns, not 40 million.

The Orvik council approved a budget of 40 million crowns for the new harbour bridge on Monday.

A council official, speaking on condition of anonymity, said the building contract would go to a local firm.
""",
}


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    tmp: Path = tmp_path_factory.mktemp("brief")
    for name, text in ARTICLES.items():
        (tmp / name).write_text(text, encoding="utf-8")
    (tmp / "outlets.csv").write_text(OUTLETS, encoding="utf-8")
    config = Config(db=str(tmp / "s.db"), outlets_file=str(tmp / "outlets.csv"), embedder="hashing")
    store = Store(config.db)
    report = ingest([str(tmp / n) for n in ARTICLES], store, config)
    assert len(report.added) == 3, report.failures
    articles = store.articles()
    analysis = analyze_articles(articles, config, store)
    store.save_analysis(analysis)
    return articles, analysis, store.load_analysis()


def test_the_pipeline_briefs_the_story_with_cited_supported_sentences(analysed):
    articles, analysis, _ = analysed
    by_id = {a.id: a for a in articles}
    story_briefs = [b for b in analysis.briefings if b.story_id]
    assert story_briefs, analysis.extras.get("brief")
    shown = [s for b in analysis.briefings for s in b.sentences]
    assert analysis.extras["brief"]["sentences"] == len(shown) > 0
    for s in shown:
        assert check(s, by_id).ok, s.text
        for c in s.citations:
            assert c.source_sentence in by_id[c.article_id].text
            assert c.outlet == by_id[c.article_id].outlet


def test_the_fact_all_three_outlets_report_leads_and_is_labelled_as_its_claim_is_sourced(analysed):
    _, analysis, _ = analysed
    first = next(b for b in analysis.briefings if b.story_id).sentences[0]
    assert "approved a budget of 40 million crowns" in first.text
    assert {c.outlet for c in first.citations} == {"Fjord Post", "Harbour Radio", "Coast Weekly"}
    claim = next(c for c in analysis.claims if "approved a budget" in c.text)
    # three outlets print the same sentence word for word: whether that is one source relayed or
    # several is the provenance stage's call; the briefing must label it the way the claim says
    if claim.status == "corroborated":
        assert first.section == "what-happened" and first.text.startswith("Corroborated by ")
    else:
        assert first.section == "single-source" and first.text.startswith("Single source (")


def test_who_said_what_and_the_disputed_cost_are_traced(analysed):
    _, analysis, _ = analysed
    sentences = [s for b in analysis.briefings if b.story_id for s in b.sentences]
    said = [s.text for s in sentences if s.section == "who-said-what"]
    assert any(t.startswith("Lene Tarvik: ") for t in said), said
    assert any(t.startswith("Unnamed source (") for t in said), said


def test_briefings_and_the_gate_tally_survive_the_store(analysed):
    _, analysis, reloaded = analysed
    assert reloaded.briefings == analysis.briefings
    assert reloaded.extras["brief"] == analysis.extras["brief"]
