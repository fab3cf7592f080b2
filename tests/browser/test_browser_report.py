"""The self-contained HTML report (storyline.report) opened in real Chromium: it renders and
runs none of the payloads carried by a hostile article."""

from __future__ import annotations

import pytest

from storyline.store import Store

from .conftest import corpus

pytestmark = pytest.mark.browser

report = pytest.importorskip("storyline.report")
if not hasattr(report, "write_report"):
    pytest.skip("storyline.report has no write_report in this build yet", allow_module_level=True)


def test_report_renders_and_runs_no_payload(browser, tmp_path):
    db = corpus.fill_store(tmp_path)
    with Store(db) as store:
        articles, analysis, failures = store.articles(), store.load_analysis(), store.failures()
    path = tmp_path / "report.html"
    report.write_report(path, articles, analysis, failures)
    context = browser.new_context()
    page = context.new_page()
    events: list[str] = []
    page.on("dialog", lambda d: (events.append("dialog:" + d.message), d.dismiss()))
    page.on("console", lambda m: events.append(m.text))
    page.on("pageerror", lambda e: events.append(str(e)))
    try:
        page.goto(path.as_uri())
        page.wait_for_timeout(300)
        text = page.locator("body").inner_text()
        assert "Valmora" in text  # a story of the corpus is shown
        assert page.locator("img[src=x]").count() == 0
        assert not any(e.startswith("dialog:") for e in events), events
        assert not any(marker in e for e in events for marker in corpus.XSS_MARKERS), events
    finally:
        context.close()
