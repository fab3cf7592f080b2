"""Security seams of the app: response headers, bearer tokens, the one error shape.

* Every response carries a strict Content-Security-Policy (no inline script or
  style, no framing) and ``X-Content-Type-Options: nosniff``; pages never need
  more because the UI is server-rendered with one external stylesheet.
* Writes (POST /api/v1/ingest) need ``Authorization: Bearer <token>``; with no
  token configured they are refused outright (403), never left open.
* Reads need the token only when the app is told so (``serve`` on a
  non-loopback host). A browser can present it once as ``?token=...``; it is
  then kept in an HttpOnly, SameSite=Strict cookie.
* Every error, including FastAPI's own 404/405/422, becomes
  ``{"error": {"code", "message"}}``.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
COOKIE = "storyline_token"

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          413: "too_large", 415: "unsupported_media_type", 422: "invalid_params", 503: "unavailable"}


class ApiError(Exception):
    """An error with a status, a stable code and a one-line message."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def token_matches(given: str | None, expected: str | None) -> bool:
    return bool(given) and bool(expected) and hmac.compare_digest(str(given), str(expected))


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def require_write_token(request: Request) -> None:
    """Dependency for write endpoints: 403 when writes are off, 401 without the right token."""
    expected = request.app.state.token
    if not expected:
        raise ApiError(403, "writes_disabled",
                       "writes are disabled: start the server with STORYLINE_TOKEN set to enable ingest")
    given = bearer(request)
    if given is None:
        raise ApiError(401, "unauthorized", "missing 'Authorization: Bearer <token>' header",
                       {"WWW-Authenticate": "Bearer"})
    if not token_matches(given, expected):
        raise ApiError(401, "unauthorized", "the bearer token is not valid", {"WWW-Authenticate": "Bearer"})


def _is_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and request.url.path != "/openapi.json"


def install(app: FastAPI, render_error: Callable[[Request, int, str], Response]) -> None:
    """Add the header/auth middleware and the error handlers to ``app``."""

    def respond(request: Request, status: int, code: str, message: str,
                headers: dict[str, str] | None = None) -> Response:
        if _is_html(request):
            resp = render_error(request, status, message)
            for k, v in (headers or {}).items():
                resp.headers[k] = v
            return resp
        return error_response(status, code, message, headers)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return respond(request, exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = _CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path}"
        return respond(request, exc.status_code, code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors()[:3]:
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
        return respond(request, 422, "invalid_params", "; ".join(parts) or "invalid request")

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        resp = respond(request, 500, "internal", f"internal error while serving {request.url.path}; see the server log")
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        return resp

    @app.middleware("http")
    async def _guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        resp = await _check_read(request)
        if resp is None:
            resp = await call_next(request)
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["X-Frame-Options"] = "DENY"
        return resp

    async def _check_read(request: Request) -> Response | None:
        if not request.app.state.require_read_token:
            return None
        expected = request.app.state.token
        if request.url.path.startswith("/static/"):
            return None
        if _is_html(request):
            query_token = request.query_params.get("token")
            if token_matches(query_token, expected):
                rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
                target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
                redirect = RedirectResponse(target, status_code=303)
                redirect.set_cookie(COOKIE, str(expected), httponly=True, samesite="strict",
                                    secure=request.url.scheme == "https")
                return redirect
        if token_matches(bearer(request), expected) or token_matches(request.cookies.get(COOKIE), expected):
            return None
        message = ("this server requires a token for reading: send 'Authorization: Bearer <token>'"
                   " (or open any page once with ?token=<token>)")
        return respond(request, 401, "unauthorized", message, {"WWW-Authenticate": "Bearer"})


def jsonable_error_responses() -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for the error shape."""
    from storyline.api.schemas import ErrorResponse

    return {
        404: {"model": ErrorResponse, "description": "Unknown id."},
        422: {"model": ErrorResponse, "description": "Invalid parameters."},
    }
