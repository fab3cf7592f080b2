"""The FastAPI app: a JSON API under /api/v1 and a server-rendered web UI.

``create_app(db_path)`` serves one Storyline store. Reads need no token unless
``require_read_token`` is set (``storyline serve`` sets it when it binds a
non-loopback host); writes (POST /api/v1/ingest) always need the bearer token
from ``token`` or the STORYLINE_TOKEN environment variable, and are refused
when none is configured. Swagger/ReDoc pages are off: they load scripts from a
CDN, which the offline rule and the CSP forbid; /openapi.json documents the API.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from storyline import __version__
from storyline.config import Config

TAGS = [
    {"name": "stories", "description": "Stories (clusters of articles about one event) and storylines."},
    {"name": "articles", "description": "Stored articles: search, filters, full text."},
    {"name": "analysis", "description": "Claims, who-said-what, provenance, positions, contradictions, briefings."},
    {"name": "export", "description": "The full versioned JSON export."},
    {"name": "write", "description": "Ingest through the API (bearer token required)."},
    {"name": "meta", "description": "Health and version."},
]


def create_app(
    db_path: str,
    token: str | None = None,
    config: Config | None = None,
    require_read_token: bool = False,
) -> FastAPI:
    """A FastAPI app over the store at ``db_path``.

    ``token`` (else $STORYLINE_TOKEN) opens the write endpoints; with
    ``require_read_token`` every request needs it too.
    """
    from storyline.api import ingest, routes, security, web
    from storyline.api.data import DataSource

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.data.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Storyline API",
        version=__version__,
        description="Read the stories, claims, provenance and briefings Storyline built from a news corpus, "
        "and ingest new articles. Every error is `{\"error\": {\"code\", \"message\"}}`.",
        openapi_tags=TAGS,
        docs_url=None,
        redoc_url=None,
    )
    app.state.token = token or os.environ.get("STORYLINE_TOKEN") or None
    if require_read_token and not app.state.token:
        from storyline.errors import ConfigError

        raise ConfigError("reads require a token on this host, but none is set: set STORYLINE_TOKEN")
    app.state.require_read_token = require_read_token
    app.state.config = config or Config(db=db_path)
    app.state.data = DataSource(db_path)
    security.install(app, web.render_error)
    install_openapi_security(app)
    app.include_router(routes.router)
    app.include_router(ingest.router)
    app.include_router(web.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")

    return app




def install_openapi_security(app: FastAPI) -> None:
    """Document the bearer token in /openapi.json (needed by POST /ingest; by every call off loopback)."""
    from fastapi.openapi.utils import get_openapi

    def schema() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(title=app.title, version=app.version, description=app.description,
                              routes=app.routes, tags=app.openapi_tags)
            doc.setdefault("components", {})["securitySchemes"] = {
                "bearerAuth": {"type": "http", "scheme": "bearer",
                               "description": "The server's STORYLINE_TOKEN. Always needed for writes; needed "
                               "for reads too when the server is bound to a non-loopback address."}
            }
            ingest_op = doc["paths"]["/api/v1/ingest"]["post"]
            ingest_op["security"] = [{"bearerAuth": []}]
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = schema  # type: ignore[method-assign]


__all__ = ["create_app"]
