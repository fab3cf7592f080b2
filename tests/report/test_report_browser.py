"""The report written by the real CLI, opened from disk in real headless Chromium.

Debian's chromium driven by Playwright (``executable_path``) with the flags that
keep it off the network, as in ``tests/browser``. Screenshots go to a temporary
folder, or to ``$STORYLINE_SCREENSHOTS`` (e.g. ``docs/screenshots``) when set:
``STORYLINE_SCREENSHOTS=docs/screenshots .venv/bin/python -m pytest -m browser tests/report``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("STORYLINE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip

PWNED = "window.__pwned=1"
HOSTILE = [
    {"id": "lantern-a", "url": f"javascript:{PWNED};alert('url')", "outlet": f"<script>{PWNED}</script>Lantern Times",
     "title": f"<img src=x onerror=\"{PWNED};alert('title')\"> Lantern fair opens in Orsel", "published": "2026-05-02",
     "language": "en",
     "text": f"<script>{PWNED};alert('body')</script> The lantern fair in Orsel opened on Friday, organiser "
             "Mira Tahl said.\n"
             f"<img src=x onerror=\"{PWNED}\"> Stalls line the river for two kilometres, Tahl told reporters.\n"
             f"A programme link <a href=\"javascript:{PWNED}\">here</a> was printed by mistake."},
    {"id": "lantern-b", "url": "https://orselpost.example/lantern-fair", "outlet": "Orsel Post",
     "title": "Lantern fair draws crowds to Orsel river", "published": "2026-05-02", "language": "en",
     "text": "The lantern fair in Orsel opened on Friday with stalls along the river, organiser Mira Tahl said.\n"
             f"Visitors wrote <svg onload=\"{PWNED}\"> on the guest board, Tahl said."},
]  # fmt: skip


def storyline(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "storyline.cli.main", *args],
        cwd=cwd, env={**os.environ, "COLUMNS": "200"}, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is absent: run `make browser` to install Debian's chromium")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    try:
        yield chromium
    finally:
        chromium.close()
        pw.stop()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], str]:
    """The sample corpus analysed by the CLI exactly as ``make demo`` does, with its report."""
    tmp = tmp_path_factory.mktemp("report-cli")
    result = storyline("analyze", str(ROOT / "examples" / "corpus"), "--outlets", str(ROOT / "examples" / "outlets.csv"),
                       "--db", "demo.db", "--json", "demo.json", "--report", "report.html", cwd=tmp)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return tmp / "report.html", json.loads((tmp / "demo.json").read_text(encoding="utf-8")), result.stdout


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("STORYLINE_SCREENSHOTS") or tmp_path)
    if not folder.is_absolute():
        folder = ROOT / folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_page(browser: Any, path: Path, **context: Any) -> tuple[Any, Any, list[str]]:
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    events: list[str] = []
    page.on("dialog", lambda d: (events.append("dialog:" + d.message), d.dismiss()))
    page.on("console", lambda m: events.append(f"console:{m.type}:{m.text}"))
    page.on("pageerror", lambda e: events.append(f"error:{e}"))
    page.on("request", lambda r: events.append("request:" + r.url) if not r.url.startswith("file:") else None)
    page.goto(path.as_uri())
    return ctx, page, events


def scroll_to(locator: Any) -> None:
    """Put the element's top just under the sticky header (element screenshots would hide it)."""
    locator.evaluate("e => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 64)")


def test_cli_prints_where_the_report_is(sample):
    path, _, stdout = sample
    assert f"report: {path.resolve()}" in stdout.replace("\n", "")
    assert path.stat().st_size > 20_000


def test_sample_report_renders_every_section_and_its_script_runs(browser, sample, shots):
    path, data, _ = sample
    ctx, page, events = open_page(browser, path, viewport={"width": 1280, "height": 900})
    try:
        assert page.locator("h1").inner_text().strip()
        tiles = dict(zip(page.locator(".tile span").all_inner_texts(), page.locator(".tile b").all_inner_texts(),
                         strict=True))  # fmt: skip
        assert tiles["articles"] == str(len(data["articles"])) and tiles["stories"] == str(
            len(data["stories"])
        )
        assert page.locator("#timeline svg a").count() >= 1
        assert page.locator("article.story").count() == len(data["stories"])
        assert page.locator("article.article").count() == len(data["articles"])
        assert page.locator("mark.said").count() >= 1 and page.locator("mark.speaker").count() >= 1
        if data["provenance"]:
            assert page.locator("svg.graph g.node").count() >= 2
            assert page.locator("svg.graph g.node.origin").count() >= 1
        if data["positions"]:
            assert page.locator("svg.positions circle.pt").count() >= 1
        if data["framing"]:
            assert page.locator(".framing .frame").count() >= 2
        page.screenshot(path=str(shots / "report-overview.png"))
        # following a link from the provenance graph (or a story's article list) lands on the text, unfolded
        link = (
            page.locator("svg.graph g.node a").first
            if data["provenance"]
            else page.locator(".sources-card a").first
        )
        target = link.get_attribute("href")
        assert target and target.startswith("#")
        link.click()
        page.wait_for_function("h => location.hash === h", arg=target)
        assert page.locator(f"[id='{target[1:]}'] details.text").evaluate("d => d.open")
        if data["briefings"]:  # a briefing citation lands on its source sentence, unfolded and highlighted
            cite = page.locator(".briefing a.cite").first
            href = cite.get_attribute("href")
            assert href and href.startswith("#")
            cite.click()
            page.wait_for_function("h => location.hash === h", arg=href)
            if href.startswith("#src-"):
                assert page.locator(".cited.hit").first.is_visible()
        biggest = max(data["stories"], key=lambda s: len(s["article_ids"]))
        story = page.locator("article.story", has=page.locator("h2", has_text=biggest["title"][:40])).first
        scroll_to(story)
        page.screenshot(path=str(shots / "report-story.png"))
        if data["provenance"]:
            scroll_to(story.locator(".provenance"))
            page.screenshot(path=str(shots / "report-provenance.png"))
    finally:
        ctx.close()
    # no CSP refusal (our own hashed script and style run), no error, no dialog, no request leaves the file
    assert not [e for e in events if not e.startswith("console:log")], events


def test_report_fits_a_phone_without_sideways_scrolling(browser, sample, shots):
    path, _, _ = sample
    ctx, page, events = open_page(browser, path, viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)  # fmt: skip
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(shots / "report-phone.png"))
        page.locator("#toggle-texts").click()  # unfold every article text: long words must still wrap
        assert page.locator("details.text[open]").count() == page.locator("details.text").count()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        scroll_to(page.locator("article.story").first)
        page.screenshot(path=str(shots / "report-phone-story.png"))
    finally:
        ctx.close()
    assert not [e for e in events if e.startswith(("error:", "dialog:", "request:"))], events


def test_hostile_articles_run_nothing(browser, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hostile.jsonl").write_text("".join(json.dumps(r) + "\n" for r in HOSTILE), encoding="utf-8")
    result = storyline("analyze", str(corpus), "--db", "h.db", "--embedder", "hashing", "--report", "h.html",
                       cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    ctx, page, events = open_page(browser, tmp_path / "h.html", viewport={"width": 1280, "height": 900})
    try:
        page.locator("#toggle-texts").click()
        page.wait_for_timeout(200)
        text = page.locator("body").inner_text()
        survived = [p for p in ("<script>", "onerror=", "onload=", "javascript:") if p in text]
        assert survived, "the pipeline kept none of the payloads, so this test would check nothing"
        assert page.evaluate("window.__pwned") is None
        assert page.locator("script").count() == 1
        assert page.locator("img, iframe, object, embed").count() == 0
        assert page.locator("[onerror], [onload], [onclick]").count() == 0
        assert (
            page.evaluate(
                "[...document.querySelectorAll('a')].filter(a => !/^(https?:|#)/.test(a.getAttribute('href') || '#')).length"
            )
            == 0
        )
    finally:
        ctx.close()
    assert not [e for e in events if e.startswith(("dialog:", "error:", "request:"))], events
