"""The dashboard's routes: signing in and out, the pages (HTML; their scripts call the JSON
APIs on the signed-in session), the scripts and styles (services.dashboard.assets), and the
live-update stream.

A person signs in at `/login` by pasting their token into a form; the token then lives in an
HttpOnly, SameSite=Strict cookie (events.platform.sessions) and is never put in an address.
Each page is rendered for the person signed in, with the session's CSRF token for its writes;
without a session a page sends the person to sign in (a `?token=` in the address is ignored,
and dropped from where they are sent)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated
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
from services.dashboard.assets import Assets
from services.dashboard.layout import environment, render, render_login
from services.dashboard.live import event_stream, positions
from services.dashboard.pages import (
    PAGES,
    SCRIPTS,
    STYLES,
    TEMPLATES,
    Page,
    landing,
    navigation,
)

if TYPE_CHECKING:
    from services.runtime import Runtime

MAX_FORM_BYTES = 16 * 1024
NO_STORE = {"Cache-Control": "no-store"}
# query parameters never carried over into a sign-in redirect
_CREDENTIAL_NAME = re.compile(r"(?i)token|jwt|auth|secret|password|csrf|session|cookie|key")
NOTICES = {
    "address": "A token in the address is no longer accepted (addresses end up in logs): "
    "paste it here instead.",
    "signed-out": "You are signed out.",
}


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


def well_formed_id(name: str, value: str) -> str:
    """A page's id from its address (an episode's, a request's), or 422."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise HTTPException(422, f"path.{name}: not an id") from None


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


def mount_dashboard(app: FastAPI, runtime: Runtime) -> None:
    """Serve the dashboard from `app`; the live stream watches `runtime`'s services."""
    env = environment(TEMPLATES)
    assets = Assets(SCRIPTS, STYLES)
    env.globals["asset"] = assets.url
    router = APIRouter(include_in_schema=False)
    redact_server_logs()  # no token, cookie or NHS number in the server's own log lines
    secret = runtime.settings.signing_secret

    def page_route(each: Page) -> Callable[[Request], Response]:
        def show(request: Request) -> Response:
            session = signed_in(request)
            if session is None:
                return RedirectResponse(login_address(request), status_code=303, headers=NO_STORE)
            who, token = session
            ids = {k: well_formed_id(k, v) for k, v in request.path_params.items()}
            status = 200 if each.opens_for(who.role) else 403
            html = render(
                env,
                each if status == 200 else None,
                navigation(who.role),
                landing(who.role),
                who=who,
                csrf=csrf_token(secret, token),
                positions=positions(runtime),
                **each.config(runtime),
                **ids,
            )
            return HTMLResponse(html, status_code=status, headers=NO_STORE)

        show.__name__ = each.name.replace("-", "_")
        show.__doc__ = f"The {each.title.lower()} page."
        return show

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
        answer = RedirectResponse(next_path or landing(who.role), status_code=303, headers=NO_STORE)
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

    for each in PAGES:
        router.add_api_route(each.path, page_route(each), methods=["GET"])

    @router.get("/dashboard/episodes/{episode_id}")
    def episode(episode_id: uuid.UUID) -> Response:
        """An episode's page as it was once addressed: now the patient's workspace."""
        return RedirectResponse(f"/dashboard/patients/{episode_id}", status_code=301)

    @router.get("/dashboard/static/{name}")
    def static(name: str, request: Request) -> Response:
        return assets.answer(name, request)

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
