"""The web UI in real headless Chromium: navigation, search, screenshots, hostile articles."""

from __future__ import annotations

import re

import pytest

from .conftest import corpus

pytestmark = pytest.mark.browser


def test_story_list_to_story_to_article_by_provenance_link(site, page, tmp_path):
    page.goto(site + "/")
    assert page.title().startswith("Stories")
    cards = page.locator("li.story-card")
    assert cards.count() >= 3
    # the wire story and its verbatim copy always share a story
    story_id = page.request.get(site + "/api/v1/articles/strike-wire").json()["story_id"]
    page.locator(f'a.story-title[href="/stories/{story_id}"]').click()
    page.wait_for_url(re.compile(r"/stories/"))
    assert page.locator("h1").inner_text().strip()
    edges = page.locator("#provenance ul.edges li")
    assert edges.count() >= 1
    assert "copies" in edges.first.inner_text().lower()
    page.screenshot(path=str(tmp_path / "story.png"), full_page=True)
    edges.first.locator("a.art").first.click()
    page.wait_for_url(re.compile(r"/articles/strike-copy$"))
    assert "Near-copy of" in page.locator("p.notice").inner_text()
    # the attribution is highlighted from its offsets
    marks = page.locator("mark.said")
    assert marks.count() >= 1 and "wage offer" in " ".join(marks.all_inner_texts())
    # the original text sits behind a toggle
    original = page.locator("details.original")
    assert not original.evaluate("d => d.open")
    original.locator("summary").click()
    assert original.evaluate("d => d.open")
    assert (tmp_path / "story.png").stat().st_size > 10_000
    assert page.events["errors"] == [] and page.events["dialogs"] == []


def test_search_box_finds_articles_and_paginates_nothing_extra(site, page):
    page.goto(site + "/")
    page.fill("header input[name=q]", "tram")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=tram"))
    titles = page.locator("li.result a.story-title").all_inner_texts()
    assert len(titles) == 2 and all("tram" in t.lower() for t in titles)
    assert page.locator("nav.pager").count() == 0  # two results fit on one page
    page.select_option("select[name=outlet]", "City Lens")
    page.click("form.filters button")
    assert page.locator("li.result").count() == 1


def test_unknown_story_shows_a_404_page(site, page):
    response = page.goto(site + "/stories/does-not-exist")
    assert response.status == 404
    assert "does-not-exist" in page.locator("section.error").inner_text()


def test_phone_width_has_no_horizontal_scroll(site, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    try:
        pg = context.new_page()
        for path in ("/", "/articles/strike-wire", "/search?q=valmora"):
            pg.goto(site + path)
            overflow = pg.evaluate("document.documentElement.scrollWidth") - 375
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
    finally:
        context.close()


def test_hostile_article_is_shown_literally_and_never_runs(site, page):
    stored = page.request.get(site + "/api/v1/articles/xss").json()
    fields = [stored["title"], stored["outlet"] or "", stored["url"] or "", *stored["text"].split("\n")]
    hostile = [f for f in fields if "<" in f or "javascript:" in f]
    assert hostile, "the pipeline kept none of the payloads, so this test would check nothing"
    page.goto(site + "/search?q=lantern")
    result = page.locator("li.result a.story-title")
    assert result.first.inner_text().strip() == stored["title"].strip()
    result.first.click()
    page.wait_for_url(re.compile(r"/articles/xss$"))
    shown = " ".join(page.locator("article.reading").inner_text().split())
    for value in hostile:  # every payload the store kept is shown as text
        assert " ".join(value.split()) in shown
    # nothing became markup: no injected elements, no javascript: link
    assert page.locator("article.reading script, article.reading img").count() == 0
    hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href') || '')")
    assert not any(h.lower().startswith("javascript:") for h in hrefs)
    for path in ("/", f"/stories/{stored['story_id']}", "/search?q=xss"):
        page.goto(site + path)
    page.wait_for_timeout(300)
    fired = page.events["dialogs"] + page.events["console"] + page.events["errors"]
    assert not any(marker in m for m in fired for marker in corpus.XSS_MARKERS), fired
    assert page.events["dialogs"] == []


def test_story_list_pages_through_every_story(site, page, monkeypatch):
    from storyline.api import web

    monkeypatch.setattr(web, "PER_PAGE", 2)  # the server runs in this process
    total = page.request.get(site + "/api/v1/stories").json()["total"]
    page.goto(site + "/")
    seen = []
    for _ in range(total):
        seen += page.locator("a.story-title").all_inner_texts()
        older = page.locator("nav.pager a[rel=next]")
        if older.count() == 0:
            break
        older.click()
        page.wait_for_load_state()
    assert len(seen) == total and len(set(seen)) == total
    assert f"of {-(-total // 2)}" in page.locator("nav.pager").inner_text()
