"""Response models of the JSON API, so /openapi.json documents every shape.

Analysis records are the project's frozen dataclasses (storyline.records);
pydantic reads them directly, so they are reused as-is rather than mirrored.
The models here add what only the API has: pages with totals, summaries with
counts, the error envelope and the ingest report.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from storyline.records import (
    Attribution,
    Briefing,
    Cite,
    Claim,
    Contradiction,
    Position,
    ProvenanceEdge,
    Story,
    Storyline,
)

T = TypeVar("T")


class ErrorBody(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. not_found, invalid_params, unauthorized.")
    message: str = Field(description="One readable line naming the input and the reason.")


class ErrorResponse(BaseModel):
    """The one error shape every endpoint returns."""

    error: ErrorBody


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items`` plus the ``total`` matching before paging."""

    total: int = Field(description="How many items match, before limit/offset.")
    limit: int
    offset: int
    items: list[T]


class StorySummary(BaseModel):
    """A story with the counts a list needs."""

    id: str
    title: str
    storyline_id: str | None
    first_seen: str | None
    last_seen: str | None
    languages: list[str]
    article_count: int
    outlet_count: int
    outlets: list[str]
    claim_count: int


class ArticleSummary(BaseModel):
    """An article without its body text."""

    id: str
    title: str
    url: str | None
    outlet: str | None
    outlet_kind: str
    published: str | None
    language: str | None
    story_id: str | None
    duplicate_of: str | None


class ArticleDetail(ArticleSummary):
    """An article with its cleaned and original text and what the stages found in it."""

    outlet_domain: str | None
    outlet_country: str | None
    outlet_family: str | None
    author: str | None
    source: str
    format: str
    date_source: str | None
    cleaning: list[str]
    text: str
    original_text: str
    cites: list[Cite]
    attributions: list[Attribution]


class StoryDetail(BaseModel):
    """A story with everything the story page shows."""

    story: Story
    storyline: Storyline | None
    articles: list[ArticleSummary]
    briefing: Briefing | None
    claims: list[Claim]
    provenance: list[ProvenanceEdge]
    contradictions: list[Contradiction]
    positions: list[Position]


class StorylineDetail(BaseModel):
    storyline: Storyline
    stories: list[StorySummary]


class Health(BaseModel):
    status: str = Field(description='"ok" when the store answers.')
    version: str
    schema_version: int = Field(description="The store's schema version (PRAGMA user_version).")
    articles: int
    stories: int
    writes_enabled: bool = Field(description="Whether a token is configured, so POST /ingest is open.")


class IngestFailure(BaseModel):
    source: str
    code: str
    reason: str
    stage: str


class IngestResult(BaseModel):
    """What one ingest request did, with a line per input that failed."""

    added: list[str]
    existing: list[str]
    skipped_sources: list[str]
    failures: list[IngestFailure]
    analyzed: bool
    stories: int | None = Field(None, description="Story count after analysis (when analyze=true).")


ExportDocument = dict[str, Any]
