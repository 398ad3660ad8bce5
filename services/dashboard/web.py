"""The dashboard's routes: the pages (HTML; their scripts call the JSON APIs with the user's
bearer token), the scripts and styles, plotly.js served locally, and the live-update stream."""

from __future__ import annotations

import uuid
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from events.platform.auth import InvalidToken
from events.platform.tokens import Tokens
from services.dashboard.client import DASHBOARD_CSS, DASHBOARD_JS
from services.dashboard.layout import environment, render
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
TOKEN_COOKIE = "carebridge_token"
STATIC = {
    "dashboard.js": (DASHBOARD_JS, "text/javascript"),
    "dashboard.css": (DASHBOARD_CSS, "text/css"),
    **{name: (script, "text/javascript") for name, script in SCRIPTS.items()},
}


@cache
def plotly_js() -> bytes:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().encode()


def mount_dashboard(app: FastAPI, runtime: Runtime) -> None:
    """Serve the dashboard from `app`; the live stream watches `runtime`'s services."""
    env = environment(TEMPLATES)
    router = APIRouter(include_in_schema=False)

    def page(name: str, title: str, here: str, **config: Any) -> HTMLResponse:
        html = render(env, name, title, here, positions=positions(runtime), **config)
        return HTMLResponse(html, headers={"Cache-Control": "no-store"})

    @router.get("/")
    def escalation() -> HTMLResponse:
        return page("escalation", "Delayed now", "/", reasons=REASONS, buckets=BUCKETS)

    @router.get("/dashboard/waiting-list")
    def waiting_list() -> HTMLResponse:
        return page("waiting-list", "Waiting list", "/dashboard/waiting-list")

    @router.get("/dashboard/vacancies")
    def vacancies() -> HTMLResponse:
        fresh = runtime.settings.vacancy_fresh_hours
        here = "/dashboard/vacancies"
        return page("vacancies", "Vacancies", here, fresh_hours=fresh, search_hours=SEARCH_HOURS)

    @router.get("/dashboard/returns")
    def returns() -> HTMLResponse:
        return page("returns", "Monthly returns", "/dashboard/returns", reasons=REASONS)

    @router.get("/dashboard/episodes/{episode_id}")
    def episode(episode_id: uuid.UUID) -> HTMLResponse:
        title = "Hospital episode"
        return page("episode", title, "", episode_id=str(episode_id), reasons=REASONS)

    @router.get("/dashboard/requests/{request_id}")
    def placement_request(request_id: uuid.UUID) -> HTMLResponse:
        return page("request", "Placement request", "", request_id=str(request_id))

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
        request: Request, seconds: Annotated[float, Query(gt=0, le=600)] = 15
    ) -> StreamingResponse:
        """Server-sent events: each service's notification-log position, every second."""
        bearer = request.headers.get("authorization", "")
        token = bearer.removeprefix("Bearer ").strip() or request.cookies.get(TOKEN_COOKIE, "")
        tokens: Tokens = request.app.state.tokens
        try:
            tokens.verify(token)
        except InvalidToken as exc:
            raise HTTPException(401, f"invalid token: {exc}") from exc
        return StreamingResponse(
            event_stream(runtime, seconds),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    app.include_router(router)
