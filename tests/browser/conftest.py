"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, against a live server."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.api import create_app
from storyline.api.devserver import running

CHROMIUM = os.environ.get("STORYLINE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

_spec = importlib.util.spec_from_file_location(
    "corpus_api_browser", Path(__file__).resolve().parents[1] / "api" / "corpus_api.py")
corpus = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(corpus)  # type: ignore[union-attr]


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    if not os.access(CHROMIUM, os.X_OK):
        skip = pytest.mark.skip(reason=f"{CHROMIUM} is absent: run `make browser` to install Debian's chromium")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    try:
        yield chromium
    finally:
        chromium.close()
        pw.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = corpus.fill_store(tmp_path_factory.mktemp("browser-store"))
    with running(create_app(db, config=corpus.test_config(db))) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records dialogs, console messages and page errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.events = {"dialogs": [], "console": [], "errors": []}

    def on_dialog(dialog: Any) -> None:
        pg.events["dialogs"].append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("console", lambda msg: pg.events["console"].append(msg.text))
    pg.on("pageerror", lambda exc: pg.events["errors"].append(str(exc)))
    try:
        yield pg
    finally:
        context.close()
