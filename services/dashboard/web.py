"""The dashboard's routes: signing in and out, the pages (HTML; their scripts call the JSON
APIs on the signed-in session), the scripts and styles, plotly.js served locally, and the
live-update stream.

A person signs in at `/login` by pasting their token into a form; the token then lives in an
HttpOnly, SameSite=Strict cookie (events.platform.sessions) and is never put in an address.
Each page is rendered for the person signed in, with the session's CSRF token for its writes;
without a session a page sends the person to sign in (a `?token=` in the address is ignored,
and dropped from where they are sent)."""

from __future__ import annotations

import re
import uuid
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from events.platform.auth import InvalidToken, Principal
from events.platform.http import current_principal
from events.platform.sessions import (
    CSRF_FIELD,
    cross_site,
    csrf_matches,
    csrf_token,
    end_session,
    redact_server_logs,
    session_token,
    start_session,
)
from events.platform.tokens import Tokens
from services.dashboard.client import DASHBOARD_CSS, DASHBOARD_JS, LOGIN_JS
from services.dashboard.layout import environment, render, render_login
from services.dashboard.live import event_stream, positions
from services.dashboard.pages import SCRIPTS, TEMPLATES
from services.discharge.domain.vocabulary import DTOC_REASONS

if TYPE_CHECKING:
    from services.runtime import Runtime

REASONS = {r.code: r.title for r in DTOC_REASONS}
BUCKETS = (
    ("0-1 days", 0, 1),
    ("2-3 days", 2, 3),
    ("4-6 days", 4, 6),
    ("7-13 days", 7, 13),
    ("14-20 days", 14, 20),
    ("21+ days", 21, None),
)
SEARCH_HOURS = 24 * 30  # the homes list and map show reports up to 30 days old
STATIC = {
    "dashboard.js": (DASHBOARD_JS, "text/javascript"),
    "login.js": (LOGIN_JS, "text/javascript"),
    "dashboard.css": (DASHBOARD_CSS, "text/css"),
    **{name: (script, "text/javascript") for name, script in SCRIPTS.items()},
}


# Where each role starts after signing in (a role not listed starts at the escalation view).
LANDING = {
    "provider": "/dashboard/waiting-list",  # the referrals to its homes
    "broker": "/dashboard/waiting-list",
    "discharge": "/",  # live delays (the API narrows them to the trust's own)
    "escalation": "/",
    "analyst": "/dashboard/returns",
    "admin": "/",
}
MAX_FORM_BYTES = 16 * 1024
NO_STORE = {"Cache-Control": "no-store"}
# query parameters never carried over into a sign-in redirect
_CREDENTIAL_NAME = re.compile(r"(?i)token|jwt|auth|secret|password|csrf|session|cookie|key")
NOTICES = {
    "address": "A token in the address is no longer accepted (addresses end up in logs): "
    "paste it here instead.",
    "signed-out": "You are signed out.",
}


def landing(principal: Principal) -> str:
    return LANDING.get(principal.role.value, "/")


def without_credentials(query: str) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode([(k, v) for k, v in pairs if not _CREDENTIAL_NAME.search(k)])


def safe_next(value: str) -> str:
    """A path of this site to return to after signing in, or "" (never another site's address,
    never a credential in it)."""
    value = value.strip()
    if (
        not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(ord(c) < 0x20 for c in value)
        or len(value) > 2000
        or value.startswith(("/login", "/logout"))
    ):
        return ""
    path, _, query = value.partition("?")
    query = without_credentials(query)
    return f"{path}?{query}" if query else path


def login_address(request: Request) -> str:
    """Where a page sends a person who is not signed in: the sign-in form, then back here."""
    query = without_credentials(request.url.query)
    back = f"{request.url.path}?{query}" if query else request.url.path
    params = {"next": back}
    if any(_CREDENTIAL_NAME.search(k) for k, _ in parse_qsl(request.url.query)):
        params["notice"] = "address"
    return "/login?" + urlencode(params)


def signed_in(request: Request) -> tuple[Principal, str] | None:
    """The person of the request's session cookie and its token, if it is still valid."""
    token = session_token(request)
    if not token:
        return None
    tokens: Tokens = request.app.state.tokens
    try:
        return tokens.verify(token), token
    except InvalidToken:
        return None


async def form_fields(request: Request) -> dict[str, str]:
    """An urlencoded form's fields (a form's size is bounded: sign-in has two fields)."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise HTTPException(413, "the form is larger than a sign-in needs")
    try:
        return dict(parse_qsl(body.decode(), keep_blank_values=True, max_num_fields=10))
    except ValueError:  # not UTF-8, or more fields than any form of these has
        return {}


@cache
def plotly_js() -> bytes:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().encode()


def mount_dashboard(app: FastAPI, runtime: Runtime) -> None:
    """Serve the dashboard from `app`; the live stream watches `runtime`'s services."""
    env = environment(TEMPLATES)
    router = APIRouter(include_in_schema=False)
    redact_server_logs()  # no token, cookie or NHS number in the server's own log lines
    secret = runtime.settings.signing_secret

    def page(request: Request, name: str, title: str, here: str, **config: Any) -> Response:
        session = signed_in(request)
        if session is None:
            return RedirectResponse(login_address(request), status_code=303, headers=NO_STORE)
        who, token = session
        person = {"role": who.role.value, "org": who.organisation, "sub": who.subject}
        html = render(
            env,
            name,
            title,
            here,
            who=person,
            csrf=csrf_token(secret, token),
            positions=positions(runtime),
            **config,
        )
        return HTMLResponse(html, headers=NO_STORE)

    def login_form(
        next_path: str, status: int = 200, message: str = "", notice: str = ""
    ) -> Response:
        html = render_login(env, next_path, message=message, notice=notice)
        return HTMLResponse(html, status_code=status, headers=NO_STORE)

    @router.get("/login")
    def login_page(next: str = "", notice: str = "") -> Response:
        """The sign-in form: one field, `token`."""
        return login_form(safe_next(next), notice=NOTICES.get(notice, ""))

    @router.post("/login")
    async def login(request: Request) -> Response:
        """Verify the pasted token; on success put it in the session cookie and go to the
        page asked for, or the role's own."""
        if cross_site(request):
            return login_form("", 403, "Sign in from Carebridge's own page.")
        fields = await form_fields(request)
        next_path = safe_next(fields.get("next", ""))
        token = "".join(fields.get("token", "").split())
        if not token:
            return login_form(next_path, 401, "Paste your token to sign in.")
        tokens: Tokens = request.app.state.tokens
        try:
            who = tokens.verify(token)
        except InvalidToken as exc:
            message = f"That token was not accepted ({exc}). Check it, or ask for a new one."
            return login_form(next_path, 401, message)
        answer = RedirectResponse(next_path or landing(who), status_code=303, headers=NO_STORE)
        start_session(answer, request, token)
        return answer

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        """Forget the session (the form carries the session's CSRF token)."""
        if cross_site(request):
            return login_form("", 403, "Sign out from Carebridge's own page.")
        token = session_token(request)
        if signed_in(request) is not None:
            offered = (await form_fields(request)).get(CSRF_FIELD)
            if not csrf_matches(secret, token, offered):
                raise HTTPException(403, "sign out from Carebridge's own page")
        answer = RedirectResponse("/login?notice=signed-out", status_code=303, headers=NO_STORE)
        end_session(answer, request)
        return answer

    @router.get("/")
    def escalation(request: Request) -> Response:
        return page(request, "escalation", "Delayed now", "/", reasons=REASONS, buckets=BUCKETS)

    @router.get("/dashboard/waiting-list")
    def waiting_list(request: Request) -> Response:
        return page(request, "waiting-list", "Waiting list", "/dashboard/waiting-list")

    @router.get("/dashboard/vacancies")
    def vacancies(request: Request) -> Response:
        fresh = runtime.settings.vacancy_fresh_hours
        here = "/dashboard/vacancies"
        return page(
            request,
            "vacancies",
            "Vacancies",
            here,
            fresh_hours=fresh,
            search_hours=SEARCH_HOURS,
        )

    @router.get("/dashboard/returns")
    def returns(request: Request) -> Response:
        return page(request, "returns", "Monthly returns", "/dashboard/returns", reasons=REASONS)

    @router.get("/dashboard/episodes/{episode_id}")
    def episode(request: Request, episode_id: uuid.UUID) -> Response:
        title = "Hospital episode"
        return page(request, "episode", title, "", episode_id=str(episode_id), reasons=REASONS)

    @router.get("/dashboard/requests/{request_id}")
    def placement_request(request: Request, request_id: uuid.UUID) -> Response:
        return page(request, "request", "Placement request", "", request_id=str(request_id))

    @router.get("/dashboard/static/plotly.min.js")
    def plotly() -> Response:
        headers = {"Cache-Control": "public, max-age=86400"}
        return Response(plotly_js(), media_type="text/javascript", headers=headers)

    @router.get("/dashboard/static/{name}")
    def static(name: str) -> Response:
        if name not in STATIC:
            raise HTTPException(404, f"no dashboard file {name!r}")
        body, media_type = STATIC[name]
        return Response(body, media_type=media_type, headers={"Cache-Control": "no-cache"})

    @router.get("/dashboard/events")
    def events(
        _: Annotated[Principal, Depends(current_principal)],
        seconds: Annotated[float, Query(gt=0, le=600)] = 15,
    ) -> StreamingResponse:
        """Server-sent events: each service's notification-log position, every second (for
        a bearer token or the session's cookie, which EventSource sends)."""
        return StreamingResponse(
            event_stream(runtime, seconds),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    app.include_router(router)
