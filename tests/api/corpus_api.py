"""A small fictional corpus and a store filled from it by the real pipeline.

Shared by tests/api and tests/browser (the browser conftest loads this file by
path). Every outlet, person and place here is invented.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storyline.config import Config

STRIKE = (
    "Dockworkers at the port of Valmora walked off the job on Monday, halting the loading of grain ships "
    "for the first time in eleven years.\n"
    "\"We will not return until the wage offer matches the cost of living,\" said union leader Marta Oskel.\n"
    "The port authority said the stoppage would cost about two million crowns a day and urged both sides "
    "to return to talks before the harvest shipments arrive later this month."
)
STRIKE_2 = (
    "A strike by dockworkers closed the grain terminals of Valmora on Monday as the union demanded a pay rise "
    "in line with prices.\n"
    "Harbour director Ilan Verro said the authority had offered four percent and called the walkout premature.\n"
    "Shipping agents warned that vessels waiting offshore could be diverted to the northern port of Tessing."
)
TRAM = (
    "The city council of Drenlow approved a new tram line on Thursday linking the river district to the "
    "university campus, after two years of public hearings.\n"
    "\"This line will take four thousand cars off the bridge every morning,\" said councillor Petra Lind.\n"
    "Construction is due to start next spring and the first trams should run within three years."
)
TRAM_2 = (
    "Drenlow councillors voted for the river district tram line on Thursday, ending a long dispute over its "
    "route past the old market square.\n"
    "Shop owners on the square said they feared two years of roadworks would drive customers away.\n"
    "The council said compensation for affected businesses would be decided at its next meeting."
)
HOSTILE = (
    "<script>alert('body-xss')</script> The festival of lanterns in Orsk drew record crowds on Friday.\n"
    "<img src=x onerror=\"alert('img-xss')\"> Organisers counted more than thirty thousand visitors.\n"
    "A link: <a href=\"javascript:alert('link-xss')\">click</a> was printed in the programme by mistake."
)

RECORDS: list[dict[str, Any]] = [
    {"id": "strike-wire", "url": "https://meridianwire.example/valmora-dock-strike", "outlet": "Meridian Wire",
     "title": "Valmora dockworkers strike over pay", "published": "2026-03-02T08:00:00Z", "language": "en",
     "text": STRIKE},
    {"id": "strike-copy", "url": "https://gazettenorth.example/news/valmora-port-strike",
     "outlet": "Gazette North", "title": "Valmora port strike halts grain loading",
     "published": "2026-03-02T11:30:00Z", "language": "en", "text": STRIKE},
    {"id": "strike-own", "url": "https://baytimes.example/valmora-terminals-closed", "outlet": "Bay Times",
     "title": "Strike closes Valmora grain terminals", "published": "2026-03-02T14:00:00Z", "language": "en",
     "text": STRIKE_2},
    {"id": "tram-1", "url": "https://drenlowpost.example/tram-approved", "outlet": "Drenlow Post",
     "title": "Council approves river district tram line", "published": "2026-03-05T09:00:00Z",
     "language": "en", "text": TRAM},
    {"id": "tram-2", "url": "https://citylens.example/tram-vote", "outlet": "City Lens",
     "title": "Drenlow votes for tram despite shop owners' fears", "published": "2026-03-05T12:00:00Z",
     "language": "en", "text": TRAM_2},
    {"id": "xss", "url": "javascript:alert('url-xss')", "outlet": "<script>alert('outlet-xss')</script>",
     "title": "<img src=x onerror=alert('title-xss')> Lantern festival", "published": "2026-03-06T10:00:00Z",
     "language": "en", "text": HOSTILE},
]

XSS_MARKERS = ("body-xss", "img-xss", "link-xss", "url-xss", "outlet-xss", "title-xss")


def test_config(db: str) -> Config:
    """Fast settings: the hashing embedder (no model load)."""
    return Config(db=db, embedder="hashing")


def write_corpus(folder: Path, records: list[dict[str, Any]] = RECORDS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "fictional.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def pipeline_ingest_available() -> bool:
    try:
        from storyline.clean import Cleaner  # noqa: F401
        from storyline.ingest import iter_documents  # noqa: F401
    except ImportError:
        return False
    return True


def _store_directly(store: Any, records: list[dict[str, Any]]) -> None:
    """Used only while the ingest/clean packages are not in the tree yet."""
    from storyline.records import Article

    for r in records:
        store.add_article(Article(
            id=r["id"], url=r["url"], outlet=r["outlet"], outlet_domain=None, title=r["title"],
            published=r["published"], language=r["language"], text=r["text"], original_text=r["text"],
            source="fictional.jsonl",
        ))


def fill_store(folder: Path, records: list[dict[str, Any]] = RECORDS) -> str:
    """A store at ``folder/api.db`` holding ``records``, ingested and analyzed by the real stages."""
    from storyline.pipeline import analyze_articles, ingest
    from storyline.store import Store

    db = str(folder / "api.db")
    cfg = test_config(db)
    with Store(db) as store:
        if pipeline_ingest_available():
            report = ingest([str(write_corpus(folder / "in", records))], store, cfg)
            assert report.added, report.failures
        else:
            _store_directly(store, records)
        store.save_analysis(analyze_articles(store.articles(), cfg, store=store))
    return db
