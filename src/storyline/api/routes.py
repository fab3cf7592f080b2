"""The read-only JSON API under /api/v1: thin views over the cached snapshot."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Query, Request

from storyline import __version__
from storyline.api.data import Snapshot
from storyline.api.schemas import (
    ArticleDetail,
    ArticleSummary,
    ExportDocument,
    Health,
    Page,
    StoryDetail,
    StorylineDetail,
    StorySummary,
)
from storyline.api.security import ApiError, jsonable_error_responses
from storyline.records import (
    Article,
    Attribution,
    Briefing,
    Claim,
    Contradiction,
    Position,
    ProvenanceEdge,
    Story,
    Storyline,
)

T = TypeVar("T")
router = APIRouter(prefix="/api/v1", responses=jsonable_error_responses())

Limit = Annotated[int, Query(ge=1, le=500, description="Page size (1–500).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
Text = Annotated[str | None, Query(max_length=200)]


def snapshot(request: Request) -> Snapshot:
    return request.app.state.data.snapshot()  # type: ignore[no-any-return]


Snap = Annotated[Snapshot, Depends(snapshot)]


def page(items: list[T], limit: int, offset: int) -> dict[str, Any]:
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset : offset + limit]}


def not_found(kind: str, ident: str) -> ApiError:
    return ApiError(404, "not_found", f"no {kind} with id {ident!r}")


def story_summary(snap: Snapshot, story: Story) -> StorySummary:
    outlets = snap.story_outlets(story)
    return StorySummary(
        id=story.id, title=story.title, storyline_id=story.storyline_id, first_seen=story.first_seen,
        last_seen=story.last_seen, languages=list(story.languages), article_count=len(story.article_ids),
        outlet_count=len(outlets), outlets=outlets, claim_count=len(snap.claims_for(story.id)),
    )


def article_summary(snap: Snapshot, a: Article) -> ArticleSummary:
    return ArticleSummary(
        id=a.id, title=a.title, url=a.url, outlet=a.outlet, outlet_kind=a.outlet_kind, published=a.published,
        language=a.language, story_id=snap.story_of.get(a.id), duplicate_of=snap.analysis.duplicate_of.get(a.id),
    )


def sorted_stories(snap: Snapshot) -> list[Story]:
    """Newest activity first, then the biggest; undated stories last."""
    return sorted(snap.analysis.stories, key=lambda s: (s.last_seen or "", len(s.article_ids)), reverse=True)


# ------------------------------------------------------------------ stories
@router.get("/stories", tags=["stories"], response_model=Page[StorySummary],
            summary="List stories", description="Stories, newest activity first, with counts.")
def list_stories(snap: Snap, limit: Limit = 50, offset: Offset = 0, storyline_id: Text = None) -> Any:
    stories = [s for s in sorted_stories(snap) if storyline_id is None or s.storyline_id == storyline_id]
    result = page(stories, limit, offset)
    result["items"] = [story_summary(snap, s) for s in result["items"]]
    return result


@router.get("/stories/{story_id}", tags=["stories"], response_model=StoryDetail,
            summary="One story", description="A story with its articles, briefing, claims, provenance, "
            "contradictions and positions.")
def get_story(story_id: str, snap: Snap) -> Any:
    story = snap.stories.get(story_id)
    if story is None:
        raise not_found("story", story_id)
    return StoryDetail(
        story=story,
        storyline=snap.storylines.get(story.storyline_id or ""),
        articles=[article_summary(snap, a) for a in snap.story_articles(story)],
        briefing=snap.briefing_of.get(story.id),
        claims=snap.claims_for(story.id),
        provenance=snap.provenance_for(story_id=story.id),
        contradictions=snap.contradictions_for(story.id),
        positions=snap.positions_for(story_id=story.id),
    )


@router.get("/storylines", tags=["stories"], response_model=Page[Storyline], summary="List storylines",
            description="Storylines: chains of stories about one developing matter.")
def list_storylines(snap: Snap, limit: Limit = 50, offset: Offset = 0) -> Any:
    return page(list(snap.analysis.storylines), limit, offset)


@router.get("/storylines/{storyline_id}", tags=["stories"], response_model=StorylineDetail,
            summary="One storyline", description="A storyline with summaries of its stories.")
def get_storyline(storyline_id: str, snap: Snap) -> Any:
    line = snap.storylines.get(storyline_id)
    if line is None:
        raise not_found("storyline", storyline_id)
    stories = [story_summary(snap, snap.stories[i]) for i in line.story_ids if i in snap.stories]
    return StorylineDetail(storyline=line, stories=stories)


# ----------------------------------------------------------------- articles
@router.get("/articles", tags=["articles"], response_model=Page[ArticleSummary], summary="Search articles",
            description="Articles whose title, text or outlet contain every word of `q` (case-insensitive), "
            "filtered by exact outlet, language and story.")
def list_articles(snap: Snap, q: Text = None, outlet: Text = None, language: Text = None, story_id: Text = None,
                  limit: Limit = 50, offset: Offset = 0) -> Any:
    found = snap.search_articles(q=q, outlet=outlet, language=language, story_id=story_id)
    return page([article_summary(snap, a) for a in found], limit, offset)


def article_detail(snap: Snapshot, a: Article) -> ArticleDetail:
    base = article_summary(snap, a).model_dump()
    return ArticleDetail(
        **base, outlet_domain=a.outlet_domain, outlet_country=a.outlet_country, outlet_family=a.outlet_family,
        author=a.author, source=a.source, format=a.fmt, date_source=a.date_source, cleaning=list(a.cleaning),
        text=a.text, original_text=a.original_text, cites=list(snap.analysis.cites.get(a.id, ())),
        attributions=snap.attributions_for(article_id=a.id),
    )


@router.get("/articles/{article_id}", tags=["articles"], response_model=ArticleDetail, summary="One article",
            description="An article's texts, outlet details, citations and attributions.")
def get_article(article_id: str, snap: Snap) -> Any:
    art = snap.by_id.get(article_id)
    if art is None:
        raise not_found("article", article_id)
    return article_detail(snap, art)


# ----------------------------------------------------------------- analysis
@router.get("/claims", tags=["analysis"], response_model=Page[Claim], summary="Claims",
            description="Claims with independent-source counts; status is corroborated, single-source or disputed.")
def list_claims(snap: Snap, story_id: Text = None, status: Text = None, limit: Limit = 50,
                offset: Offset = 0) -> Any:
    return page(snap.claims_for(story_id, status), limit, offset)


@router.get("/attributions", tags=["analysis"], response_model=Page[Attribution], summary="Who said what",
            description="Attributions (direct and indirect quotes), filtered by article and speaker kind.")
def list_attributions(snap: Snap, article_id: Text = None, speaker_kind: Text = None, limit: Limit = 50,
                      offset: Offset = 0) -> Any:
    return page(snap.attributions_for(article_id, speaker_kind), limit, offset)


@router.get("/provenance", tags=["analysis"], response_model=Page[ProvenanceEdge], summary="Provenance edges",
            description="Who copies, paraphrases, translates or cites whom; filter by story or article.")
def list_provenance(snap: Snap, story_id: Text = None, article_id: Text = None, limit: Limit = 100,
                    offset: Offset = 0) -> Any:
    return page(snap.provenance_for(story_id, article_id), limit, offset)


@router.get("/positions", tags=["analysis"], response_model=Page[Position], summary="Actors' positions",
            description="Stances of actors on issues over time; actor and issue match case-insensitively.")
def list_positions(snap: Snap, actor: Text = None, issue: Text = None, story_id: Text = None, limit: Limit = 50,
                   offset: Offset = 0) -> Any:
    return page(snap.positions_for(actor, issue, story_id), limit, offset)


@router.get("/contradictions", tags=["analysis"], response_model=Page[Contradiction], summary="Contradictions",
            description="Pairs (or groups) of claims that disagree, with the kind of disagreement.")
def list_contradictions(snap: Snap, story_id: Text = None, limit: Limit = 50, offset: Offset = 0) -> Any:
    return page(snap.contradictions_for(story_id), limit, offset)


@router.get("/briefings", tags=["analysis"], response_model=Page[Briefing], summary="Briefings",
            description="Extractive briefings; every sentence carries citations to source articles.")
def list_briefings(snap: Snap, story_id: Text = None, limit: Limit = 50, offset: Offset = 0) -> Any:
    return page(snap.briefings_for(story_id), limit, offset)


@router.get("/export", tags=["export"], response_model=ExportDocument, summary="Full export",
            description="The whole versioned export (schema storyline.export/1, see docs/export.md).")
def export(snap: Snap) -> Any:
    return snap.export()


@router.get("/health", tags=["meta"], response_model=Health, summary="Health",
            description="Whether the store answers, with a few counts.")
def health(request: Request, snap: Snap) -> Any:
    return Health(status="ok", version=__version__, schema_version=request.app.state.data.schema_version(),
                  articles=len(snap.articles), stories=len(snap.analysis.stories),
                  writes_enabled=bool(request.app.state.token))
