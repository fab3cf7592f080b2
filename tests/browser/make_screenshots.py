"""Write docs/screenshots/ui-*.png from a live server in headless Chromium.

Run from the repository root:
    .venv/bin/python tests/browser/make_screenshots.py [--db STORE]
Without --db it builds a store from the fictional test corpus (tests/api/corpus_api.py).
"""

from __future__ import annotations

import argparse
import importlib.util
import tempfile
from pathlib import Path

from storyline.api import create_app
from storyline.api.devserver import running

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def fictional_store(folder: Path) -> str:
    spec = importlib.util.spec_from_file_location("corpus_api", ROOT / "tests" / "api" / "corpus_api.py")
    corpus = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(corpus)  # type: ignore[union-attr]
    return str(corpus.fill_store(folder, [r for r in corpus.RECORDS if r["id"] != "xss"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", help="store to show (default: the fictional test corpus)")
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or fictional_store(Path(tmp))
        with running(create_app(db)) as url, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.goto(url + "/")
            page.screenshot(path=str(out / "ui-stories.png"))
            # the story with the most articles makes the fullest page
            biggest = page.request.get(url + "/api/v1/stories?limit=500").json()["items"]
            biggest.sort(key=lambda s: (-s["article_count"], -s["claim_count"]))
            page.goto(url + f"/stories/{biggest[0]['id']}")
            page.screenshot(path=str(out / "ui-story.png"), full_page=True)
            phone = browser.new_page(viewport={"width": 390, "height": 800}, is_mobile=True)
            art = page.request.get(url + "/api/v1/articles?limit=1").json()["items"][0]
            phone.goto(url + f"/articles/{art['id']}")
            phone.screenshot(path=str(out / "ui-article-phone.png"))
            browser.close()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
