"""POST /api/v1/ingest: uploads and URLs into the store through the real pipeline.

Uploads are written to a private temporary folder under sanitised names (the
client's file name never becomes a path), ingested with
:func:`storyline.pipeline.ingest` on a connection of their own, and the
folder is removed afterwards. Failures name the upload as the client sent it,
not the temporary path. One write runs at a time.
"""

from __future__ import annotations

import json
import re
import tempfile
import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from storyline.api.schemas import ErrorResponse, IngestFailure, IngestResult
from storyline.api.security import ApiError, require_write_token
from storyline.config import Config
from storyline.records import Failure

router = APIRouter(prefix="/api/v1")
_write_lock = threading.Lock()
MAX_URLS = 1000
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")

REQUEST_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                    "urls": {"type": "array", "items": {"type": "string"}},
                },
            }
        },
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"urls": {"type": "array", "items": {"type": "string"}, "maxItems": MAX_URLS}},
                "required": ["urls"],
            }
        },
    },
}


def safe_name(index: int, name: str | None) -> str:
    """A file name safe to create: no folders, no odd characters, extension kept."""
    base = _SAFE.sub("_", Path(name or "upload").name).strip("._") or "upload"
    return f"{index:03d}-{base[-120:]}"


def check_urls(urls: Any) -> list[str]:
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        raise ApiError(422, "invalid_params", "urls: expected a list of strings")
    if len(urls) > MAX_URLS:
        raise ApiError(422, "invalid_params", f"urls: at most {MAX_URLS} per request, got {len(urls)}")
    bad = [u for u in urls if not re.match(r"^https?://\S+$", u.strip())]
    if bad:
        raise ApiError(422, "invalid_params", f"urls: not an http(s) URL: {bad[0][:120]!r}")
    return [u.strip() for u in urls]


async def read_inputs(request: Request, folder: Path, config: Config) -> tuple[list[str], dict[str, str],
                                                                                list[Failure]]:
    """Paths/URLs to ingest, a temp-path → upload-name map, and uploads refused before parsing."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    paths: list[str] = []
    names: dict[str, str] = {}
    refused: list[Failure] = []
    if ctype == "application/json":
        try:
            body = json.loads(await request.body() or b"null")
        except ValueError as exc:
            raise ApiError(422, "invalid_params", f"request body: not valid JSON ({exc})") from exc
        if not isinstance(body, dict) or "urls" not in body:
            raise ApiError(422, "invalid_params", 'request body: expected {"urls": [...]}')
        return check_urls(body["urls"]), names, refused
    if ctype != "multipart/form-data":
        raise ApiError(415, "unsupported_media_type",
                       f"content type {ctype or 'none'!r}: send multipart/form-data files or JSON {{\"urls\": [...]}}")
    form = await request.form(max_files=1000, max_fields=MAX_URLS + 10)
    urls: list[str] = []
    cap = config.limits.max_file_bytes
    for index, (key, value) in enumerate(form.multi_items()):
        if isinstance(value, UploadFile):
            shown = f"upload:{value.filename or key}"
            target = folder / safe_name(index, value.filename)
            size = 0
            with target.open("wb") as fh:
                while chunk := await value.read(1 << 20):
                    size += len(chunk)
                    if size > cap:
                        break
                    fh.write(chunk)
            if size > cap:
                target.unlink(missing_ok=True)
                refused.append(Failure(shown, "too-large", f"upload is over the {cap} byte limit", "ingest"))
                continue
            names[str(target)] = shown
            paths.append(str(target))
        elif key == "urls":
            urls.extend(u for u in str(value).split() if u)
    if not paths and not urls and not refused:
        raise ApiError(422, "invalid_params", "nothing to ingest: send one or more 'files' or 'urls'")
    return paths + check_urls(urls), names, refused


def _rename(f: Failure, names: dict[str, str], folder: str) -> IngestFailure:
    source = f.source
    for path, shown in names.items():
        if source.startswith(path):
            source = shown + source[len(path):]
            break
    else:
        source = source.replace(folder, "upload:")
    return IngestFailure(source=source, code=f.code, reason=f.reason.replace(folder + "/", ""), stage=f.stage)


def run_ingest(db_path: str, inputs: list[str], config: Config, analyze: bool) -> tuple[Any, int | None]:
    """Ingest (and optionally analyze) on a fresh connection; returns the report and story count."""
    from storyline.pipeline import ingest
    from storyline.store import Store
    from storyline.window import analyze_store

    try:
        from storyline.clean import Cleaner  # noqa: F401
        from storyline.ingest import iter_documents  # noqa: F401
    except ImportError as exc:
        raise ApiError(503, "unavailable", f"ingest is not available in this build ({exc})") from exc
    with _write_lock, Store(db_path) as store:
        report = ingest(inputs, store, config)
        stories = None
        if analyze and store.count_articles():
            stories = analyze_store(store, config)["stories"]
    return report, stories


@router.post(
    "/ingest",
    tags=["write"],
    response_model=IngestResult,
    summary="Ingest uploads and/or URLs",
    description="Needs `Authorization: Bearer <token>` (STORYLINE_TOKEN). Send multipart/form-data with one or "
    "more `files` (and optional `urls` fields), or JSON `{\"urls\": [...]}`. With `analyze=true` every stage runs "
    "over the whole store afterwards and the analysis is saved. Per-input failures are listed; the batch goes on.",
    openapi_extra={"requestBody": REQUEST_BODY},
    responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}, 415: {"model": ErrorResponse},
               422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}},
    dependencies=[Depends(require_write_token)],
)
async def ingest_endpoint(
    request: Request,
    analyze: bool = Query(False, description="Run the analysis over the whole store after ingesting."),
) -> IngestResult:
    config: Config = request.app.state.config
    with tempfile.TemporaryDirectory(prefix="storyline-upload-") as tmp:
        inputs, names, refused = await read_inputs(request, Path(tmp), config)
        report, stories = (None, None)
        if inputs:
            report, stories = await run_ingest_async(request.app.state.data.db_path, inputs, config, analyze)
    request.app.state.data.invalidate()
    failures = [_rename(f, names, tmp) for f in [*refused, *(report.failures if report else [])]]
    return IngestResult(
        added=report.added if report else [], existing=report.existing if report else [],
        skipped_sources=[names.get(s, s) for s in (report.skipped_sources if report else [])],
        failures=failures, analyzed=bool(analyze and report), stories=stories,
    )


async def run_ingest_async(db_path: str, inputs: list[str], config: Config, analyze: bool) -> tuple[Any, int | None]:
    return await run_in_threadpool(run_ingest, db_path, inputs, config, analyze)
