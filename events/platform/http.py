"""The shared HTTP edge: the caller from a bearer token or a session cookie, and the error
shape."""

from __future__ import annotations

from typing import Annotated, Any

from eventsourcing.persistence import OperationalError, RecordConflictError
from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from psycopg_pool import PoolTimeout
from pydantic import BaseModel
from sqlalchemy.exc import OperationalError as SQLAlchemyOperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from events.platform.auth import InvalidToken, Principal
from events.platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from events.platform.sessions import CSRF_HEADER, SAFE_METHODS, csrf_matches, session_token
from events.platform.tokens import Tokens

_bearer = HTTPBearer(auto_error=False)


def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """Turn the bearer token, or else the signed-in session's cookie, into a Principal, or
    answer 401. The rules (secret, maximum lifetime, revocations) are those the composition
    root put on `app.state.tokens`. A write authenticated by the cookie needs the session's
    CSRF token in `X-CSRF-Token` (403 without it); a bearer header needs none."""
    tokens: Tokens = request.app.state.tokens
    if credentials is not None:
        return _verified(tokens, credentials.credentials)
    token = session_token(request)
    if not token:
        raise _Unauthorised("a bearer token (or a signed-in session, see /login) is required")
    principal = _verified(tokens, token)
    if request.method not in SAFE_METHODS and not csrf_matches(
        tokens.settings.signing_secret, token, request.headers.get(CSRF_HEADER)
    ):
        raise Forbidden(f"a write from a signed-in session needs its CSRF token in {CSRF_HEADER}")
    return principal


def _verified(tokens: Tokens, token: str) -> Principal:
    try:
        return tokens.verify(token)
    except InvalidToken as exc:
        raise _Unauthorised(f"invalid token: {exc}") from exc


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class _Unauthorised(Exception):
    pass


def install_error_handlers(app: FastAPI) -> None:
    """Map domain and infrastructure errors to clear HTTP answers."""

    def body(status: int, detail: object) -> JSONResponse:
        return JSONResponse(status_code=status, content={"detail": detail})

    @app.exception_handler(_Unauthorised)
    def _401(_: Request, exc: _Unauthorised) -> JSONResponse:
        return JSONResponse(
            status_code=401, content={"detail": str(exc)}, headers={"WWW-Authenticate": "Bearer"}
        )

    @app.exception_handler(Forbidden)
    def _403(_: Request, exc: Forbidden) -> JSONResponse:
        return body(403, str(exc))

    @app.exception_handler(NotFound)
    def _404(_: Request, exc: NotFound) -> JSONResponse:
        return body(404, str(exc))

    @app.exception_handler(RequestValidationError)
    def _422_shape(_: Request, exc: RequestValidationError) -> JSONResponse:
        # Each error names the field and where it came from (body, query, path, header); the
        # value itself is not echoed: it may be personal (an NHS number) or not even JSON
        # (NaN, 1e400).
        errors = [
            {
                "loc": list(e["loc"]),
                "msg": e["msg"].removeprefix("Value error, "),
                "type": e["type"],
            }
            for e in exc.errors()
        ]
        return body(422, errors)

    @app.exception_handler(StarletteHTTPException)
    async def _unreadable_body(request: Request, exc: StarletteHTTPException) -> Response:
        # FastAPI answers a body it cannot decode (not UTF-8) with a bare 400: it is a
        # body that is not JSON, so it gets the same 422 as any other.
        if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
            msg = "the body is not valid JSON in UTF-8"
            return body(422, [{"loc": ["body"], "msg": msg, "type": "json_invalid"}])
        return await http_exception_handler(request, exc)

    @app.exception_handler(InvalidInput)
    def _422(_: Request, exc: InvalidInput) -> JSONResponse:
        loc = ["body", *exc.field.split(".")]
        return body(422, [{"loc": loc, "msg": exc.message, "type": "value_error"}])

    @app.exception_handler(Conflict)
    def _409(_: Request, exc: Conflict) -> JSONResponse:
        return body(409, str(exc))

    @app.exception_handler(RecordConflictError)
    def _409_stale(_: Request, exc: RecordConflictError) -> JSONResponse:
        return body(409, "someone else changed this at the same time; read it again and retry")

    @app.exception_handler(OperationalError)
    @app.exception_handler(SQLAlchemyOperationalError)
    @app.exception_handler(PoolTimeout)
    def _503(_: Request, exc: Exception) -> JSONResponse:
        return body(503, "the event store is unavailable; nothing was written, retry later")


class Problem(BaseModel):
    """Why a request was refused."""

    detail: str


_EVERY_API_ROUTE = {
    401: "no valid bearer token (or signed-in session)",
    403: "the token's role may not do this, or a session's write came without its CSRF token",
    404: "no such resource (or not one this organisation may see)",
    409: "a conflict: the resource moved on or is not at the stage this needs, or the same "
    "command_id came with another body",
    422: "a field out of its bounds, named with where it came from",
    503: "a store this needs is unavailable; nothing was written, retry later",
}
_WITH_A_BODY = {
    413: "the body is larger than the limit",
    415: "the body is not JSON",
}


_VALIDATION_ERROR: dict[str, Any] = {
    "type": "object",
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {
                        "type": "array",
                        "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                    },
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
                "required": ["loc", "msg", "type"],
            },
        }
    },
}


def document_statuses(app: FastAPI, api_prefixes: tuple[str, ...]) -> None:
    """Write into every API operation's OpenAPI each status the shared edge can answer
    (auth, bounds, limits, conflicts, an unavailable store), so clients and the fuzzer
    know every answer a route can give."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas["Problem"] = Problem.model_json_schema()
        schemas.setdefault("HTTPValidationError", _VALIDATION_ERROR)
        for path, operations in schema.get("paths", {}).items():
            if not path.startswith(api_prefixes):
                continue
            for method, operation in operations.items():
                statuses = dict(_EVERY_API_ROUTE)
                if method in ("post", "put", "patch"):
                    statuses |= _WITH_A_BODY
                responses = operation.setdefault("responses", {})
                for status, description in statuses.items():
                    responses.setdefault(str(status), _problem(description, status))
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _problem(description: str, status: int) -> dict[str, Any]:
    # a 422 lists each field at fault (FastAPI's shape, which the domain's refusals share)
    name = "HTTPValidationError" if status == 422 else "Problem"
    ref = {"$ref": f"#/components/schemas/{name}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}
