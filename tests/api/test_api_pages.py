"""Story and article pages over an analysis that has every part filled (briefing, claims,
contradictions, positions, cites), so each section's markup is checked even where a stage
of this build leaves its field empty. Articles come from the fictional corpus; the analysis
records are written here, as a stage would return them."""

from __future__ import annotations

import dataclasses
import html
import re

import httpx
import pytest

from storyline.api import create_app
from storyline.api.devserver import running
from storyline.records import (
    Briefing,
    BriefSentence,
    Citation,
    Cite,
    Claim,
    Contradiction,
    Mention,
    Position,
    ProvenanceEdge,
)
from storyline.store import Store

from .conftest import corpus

HOSTILE = "<script>alert('claim-xss')</script>"


@pytest.fixture(scope="module")
def full_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    db = corpus.fill_store(folder, corpus.RECORDS[:3])
    with Store(db) as store:
        analysis = store.load_analysis()
        story = next(s for s in analysis.stories if "strike-wire" in s.article_ids)
        c1 = Claim(id="c1", story_id=story.id, text="The port lost two million crowns a day.",
                   mentions=(Mention("strike-wire", "two million crowns"),), independent_sources=2,
                   status="corroborated")
        c2 = Claim(id="c2", story_id=story.id, text=f"The port lost nothing. {HOSTILE}",
                   mentions=(Mention("strike-copy", "nothing"),), independent_sources=1, status="disputed")
        analysis = dataclasses.replace(
            analysis,
            claims=(c1, c2),
            contradictions=(Contradiction("x1", story.id, ("c1", "c2"), "number", "two million vs none"),),
            positions=(Position("Marta Oskel", "wages", "opposes", "2026-03-02", "wage offer too low",
                                ("strike-wire",), story_id=story.id),),
            briefings=(Briefing("b1", story.id, None, (
                BriefSentence("Dockworkers in Valmora went on strike.",
                              (Citation("strike-wire", "Meridian Wire", "Dockworkers ... walked off"),
                               Citation("strike-copy", "Gazette North", "Dockworkers ... walked off"))),
                BriefSentence(f"Talks may resume. {HOSTILE}", (Citation("strike-wire", "Meridian Wire", "talks"),),
                              section="what-is-disputed"),
                BriefSentence("Gazette North led with the strike.", (Citation("strike-copy", "Gazette North", "strike"),),
                              section="coverage"),
            )),),
            provenance=(*analysis.provenance, ProvenanceEdge("strike-copy", "Meridian Wire", "cites", "said Meridian")),
            cites={"strike-copy": (Cite("Meridian Wire", "according to Meridian Wire"),)},
        )
        store.save_analysis(analysis)
    with running(create_app(db, config=corpus.test_config(db))) as url:
        yield url, story.id


def test_briefing_citations_link_to_their_articles(full_site):
    url, story_id = full_site
    page = httpx.get(f"{url}/stories/{story_id}", timeout=30).text
    briefing = page.split('id="briefing"')[1].split("</section>")[0]
    cites = re.findall(r'class="cite" href="/articles/([^"]+)"[^>]*>\[(\d+)\]', briefing)
    assert cites == [("strike-wire", "1"), ("strike-copy", "2"), ("strike-wire", "1"), ("strike-copy", "2")]
    headings = re.findall(r'<h3 class="section-name">([^<]+)</h3>', briefing)
    assert headings == ["What happened", "What is disputed", "Coverage"]  # the stage's order, not by name


def test_claims_contradictions_and_positions_are_shown(full_site):
    url, story_id = full_site
    page = httpx.get(f"{url}/stories/{story_id}", timeout=30).text
    claims = page.split('id="claims"')[1].split("</section>")[0]
    assert "badge-corroborated" in claims and "2 independent sources" in claims
    versus = page.split('id="contradictions"')[1].split("</section>")[0]
    assert versus.count('class="side"') == 2 and "two million crowns a day" in versus
    positions = page.split('id="positions"')[1].split("</section>")[0]
    assert "Marta Oskel" in positions and "badge-opposes" in positions
    provenance = page.split('id="provenance"')[1].split("</aside>")[0]
    assert "rel-cites" in provenance and "rel-copies" in provenance


def test_hostile_text_in_analysis_records_is_escaped(full_site):
    url, story_id = full_site
    page = httpx.get(f"{url}/stories/{story_id}", timeout=30).text
    assert HOSTILE not in page and html.escape(HOSTILE, quote=False) in page.replace("&#39;", "'")


def test_article_page_lists_cites_and_copies(full_site):
    url, _ = full_site
    copy = httpx.get(f"{url}/articles/strike-copy", timeout=30).text
    assert "according to Meridian Wire" in copy and 'href="/articles/strike-wire"' in copy
    original = httpx.get(f"{url}/articles/strike-wire", timeout=30).text
    assert "Copied by" in original and 'href="/articles/strike-copy"' in original


@pytest.mark.browser
def test_full_story_page_fits_a_phone_and_runs_nothing(full_site):
    import os

    if not os.access("/usr/bin/chromium", os.X_OK):
        pytest.skip("/usr/bin/chromium is absent: run `make browser`")
    from playwright.sync_api import sync_playwright

    url, story_id = full_site
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            page = browser.new_page(viewport={"width": 375, "height": 740}, is_mobile=True)
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(f"{url}/stories/{story_id}")
            overflow = page.evaluate("document.documentElement.scrollWidth") - 375
            assert overflow <= 1, f"the story page scrolls sideways by {overflow}px"
            assert page.locator("#briefing script, #claims script").count() == 0
            assert dialogs == []
        finally:
            browser.close()
