"""Signed-in browser sessions: the token in an HttpOnly cookie, a CSRF token for writes, and
logs that never hold either.

`POST /login` (the dashboard) puts the token a person pasted into the `carebridge_session`
cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure
over https, and gone when the token expires. The API takes it as it takes a bearer header, but a
write authenticated by the cookie must also carry `X-CSRF-Token`: a value the server derives
from the session (an HMAC of the token under the deployment's signing secret) and puts in each
page it renders. A page of another site can neither read that value nor compute it, so it
cannot forge a write, even where a browser would send the cookie. A bearer header needs no CSRF
token: browsers never send one on their own.

`RedactSecrets` is a logging filter for the HTTP server's loggers: whatever reaches them, a
query value named like a credential, anything shaped like a JWT or a bearer header and digits
shaped like an NHS number are replaced before the line is written.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import time
from typing import Any

import jwt
from starlette.requests import Request
from starlette.responses import Response

from events.bounds.codes import NHS_IN_TEXT

SESSION_COOKIE = "carebridge_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf"  # the same value in a form (sign out)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
REDACTED = "[redacted]"
_CSRF_CONTEXT = b"carebridge csrf v1\x00"


def session_token(request: Request) -> str:
    """The token of the request's session cookie ("" without one)."""
    return request.cookies.get(SESSION_COOKIE, "").strip()


def csrf_token(secret: str, token: str) -> str:
    """The CSRF token of a session: bound to its token, unforgeable without the secret."""
    digest = hmac.new(secret.encode(), _CSRF_CONTEXT + token.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def csrf_matches(secret: str, token: str, offered: str | None) -> bool:
    if not offered or not token:
        return False
    return hmac.compare_digest(offered.strip().encode(), csrf_token(secret, token).encode())


def seconds_left(token: str, now: float | None = None) -> int:
    """How long a (verified) token still lives, in whole seconds, never below 0."""
    claims = jwt.decode(token, options={"verify_signature": False})
    left = float(claims["exp"]) - (time.time() if now is None else now)
    return max(0, int(left))


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def start_session(response: Response, request: Request, token: str) -> None:
    """Put a verified token in the session cookie, for as long as the token lives."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=seconds_left(token),
        path="/",
        secure=is_https(request),
        httponly=True,
        samesite="strict",
    )


def end_session(response: Response, request: Request) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", secure=is_https(request), httponly=True, samesite="strict"
    )


def cross_site(request: Request) -> bool:
    """True when the browser says the request came from another site's page (a forged form
    post); browsers that do not say are let through: the cookie's SameSite does the rest."""
    site = request.headers.get("sec-fetch-site", "").lower()
    return site not in ("", "same-origin", "none")


# ------------------------------------------------------------------ logs

_SECRET_PARAM = re.compile(
    r"(?i)((?:^|[?&;\s])[^=&;\s\"']*(?:token|jwt|auth|secret|password|csrf|session|cookie|key)"
    r"[^=&;\s\"']*=)[^&;\s\"']*"
)
_JWT_LIKE = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.?[A-Za-z0-9_-]*")
_BEARER = re.compile(r"(?i)\b(bearer\s+)\S+")


def redacted(text: str) -> str:
    """`text` with credentials and NHS-number-shaped digits replaced."""
    text = _SECRET_PARAM.sub(rf"\1{REDACTED}", text)
    text = _BEARER.sub(rf"\1{REDACTED}", text)
    text = _JWT_LIKE.sub(REDACTED, text)
    return NHS_IN_TEXT.sub(REDACTED, text)


def _scrub(value: Any) -> Any:
    return redacted(value) if isinstance(value, str) else value


class RedactSecrets(logging.Filter):
    """Rewrites each record's message and arguments (uvicorn's access line passes the path
    with its query as an argument) before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redacted(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_scrub(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _scrub(v) for k, v in record.args.items()}
        return True


SERVER_LOGGERS = ("uvicorn.access", "uvicorn.error", "uvicorn")


def redact_server_logs(names: tuple[str, ...] = SERVER_LOGGERS) -> None:
    """Put `RedactSecrets` on the HTTP server's loggers (once each). A logger's filters
    survive uvicorn's own logging configuration, which only replaces handlers."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())
