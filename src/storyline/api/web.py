"""The server-rendered web UI: story list, story page, article page, search.

Jinja2 renders every page with autoescaping on for all templates, and the UI
uses no script at all (the original-text toggle is a <details> element), so
the strict Content-Security-Policy costs nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader

from storyline import __version__
from storyline.api.data import Snapshot
from storyline.api.routes import sorted_stories, story_summary
from storyline.api.textview import paragraphs, safe_href
from storyline.records import Story

HERE = Path(__file__).parent
PER_PAGE = 25
router = APIRouter(include_in_schema=False)

env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True,
                  lstrip_blocks=True)
env.filters["safe_href"] = safe_href
env.filters["when"] = lambda iso: (iso or "undated").replace("T", " ")[:16].removesuffix(" 00:00")


def render(name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    html = env.get_template(name).render(version=__version__, **ctx)
    return HTMLResponse(html, status_code=status)


def render_error(request: Request, status: int, message: str) -> Response:
    return render("error.html", status=status, status_code=status, message=message, q="")


def snap_of(request: Request) -> Snapshot:
    return request.app.state.data.snapshot()  # type: ignore[no-any-return]


def pager(request: Request, total: int, page: int) -> dict[str, Any]:
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(page, 1), pages)

    def link(n: int) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "page"] + [("page", str(n))]
        return f"{request.url.path}?{urlencode(params)}"

    return {"page": page, "pages": pages, "total": total, "start": (page - 1) * PER_PAGE,
            "prev": link(page - 1) if page > 1 else None, "next": link(page + 1) if page < pages else None}


def grouped_by_storyline(snap: Snapshot) -> list[Story]:
    """Newest first, with every story of a storyline pulled up next to its newest one."""
    ordered = sorted_stories(snap)
    members: dict[str, list[Story]] = {}
    for s in ordered:
        if s.storyline_id:
            members.setdefault(s.storyline_id, []).append(s)
    out: list[Story] = []
    placed: set[str] = set()
    for s in ordered:
        if s.id in placed:
            continue
        group = members.get(s.storyline_id or "", [s]) if s.storyline_id else [s]
        out.extend(group)
        placed.update(x.id for x in group)
    return out


@router.get("/", response_class=HTMLResponse)
def story_list(request: Request, page: int = Query(1, ge=1, le=1_000_000)) -> Response:
    snap = snap_of(request)
    stories = grouped_by_storyline(snap)
    pg = pager(request, len(stories), page)
    shown = [story_summary(snap, s) for s in stories[pg["start"] : pg["start"] + PER_PAGE]]
    lines = {sl.id: sl for sl in snap.analysis.storylines}
    groups: list[dict[str, Any]] = []
    for s in shown:  # consecutive stories of one storyline share a group
        key = s.storyline_id if s.storyline_id in lines and len(lines[s.storyline_id].story_ids) > 1 else None
        if groups and key is not None and groups[-1]["key"] == key:
            groups[-1]["stories"].append(s)
        else:
            groups.append({"key": key, "line": lines.get(key or ""), "stories": [s]})
    return render("stories.html", groups=groups, pager=pg, q="", n_articles=len(snap.articles),
                  n_outlets=len({a.outlet for a in snap.articles if a.outlet}), n_stories=len(stories),
                  n_failures=len(snap.failures))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> Response:
    snap = snap_of(request)
    story = snap.stories.get(story_id)
    if story is None:
        return render_error(request, 404, f"no story with id {story_id!r}")
    articles = snap.story_articles(story)
    claims = sorted(snap.claims_for(story.id), key=lambda c: -c.independent_sources)
    briefing = snap.briefing_of.get(story.id)
    cite_numbers: dict[str, int] = {}
    sections: dict[str, list[Any]] = {}  # in the stage's order (Jinja's groupby would sort them by name)
    if briefing:
        for sent in briefing.sentences:
            sections.setdefault(sent.section, []).append(sent)
            for c in sent.citations:
                cite_numbers.setdefault(c.article_id, len(cite_numbers) + 1)
    contradictions = [
        {"c": c, "sides": [snap.claims.get(i) for i in c.claim_ids]} for c in snap.contradictions_for(story.id)
    ]
    return render(
        "story.html", story=story, summary=story_summary(snap, story), articles=articles, claims=claims,
        briefing=briefing, briefing_sections=list(sections.items()), cite_numbers=cite_numbers, provenance=snap.provenance_for(story_id=story.id),
        contradictions=contradictions, positions=snap.positions_for(story_id=story.id), by_id=snap.by_id,
        storyline=snap.storylines.get(story.storyline_id or ""), duplicate_of=snap.analysis.duplicate_of, q="",
        stories=snap.stories,
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> Response:
    snap = snap_of(request)
    art = snap.by_id.get(article_id)
    if art is None:
        return render_error(request, 404, f"no article with id {article_id!r}")
    atts = snap.attributions_for(article_id=art.id)
    story = snap.stories.get(snap.story_of.get(art.id, ""))
    edges = snap.provenance_for(article_id=art.id)
    return render(
        "article.html", art=art, paras=paragraphs(art.text, atts), attributions=atts, story=story,
        cites=snap.analysis.cites.get(art.id, ()), duplicate_of=snap.analysis.duplicate_of.get(art.id),
        copies=[a for a, src in snap.analysis.duplicate_of.items() if src == art.id], edges=edges,
        by_id=snap.by_id, q="",
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: str = Query("", max_length=200),
    outlet: str | None = Query(None, max_length=200),
    language: str | None = Query(None, max_length=20),
    page: int = Query(1, ge=1, le=1_000_000),
) -> Response:
    snap = snap_of(request)
    found = snap.search_articles(q=q, outlet=outlet or None, language=language or None)
    pg = pager(request, len(found), page)
    rows = found[pg["start"] : pg["start"] + PER_PAGE]
    return render("search.html", q=q, outlet=outlet or "", language=language or "", rows=rows, pager=pg,
                  story_of=snap.story_of, stories=snap.stories, duplicate_of=snap.analysis.duplicate_of,
                  outlets=sorted({a.outlet for a in snap.articles if a.outlet}),
                  languages=sorted({a.language for a in snap.articles if a.language}))
