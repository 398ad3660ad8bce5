"""Each dashboard page: its body (a Jinja2 template extending the frame) and its script."""

from __future__ import annotations

from services.dashboard.pages import episode, escalation, returns, vacancies, waiting

TEMPLATES = {
    "escalation.html": escalation.HTML,
    "waiting-list.html": waiting.LIST_HTML,
    "request.html": waiting.REQUEST_HTML,
    "episode.html": episode.HTML,
    "vacancies.html": vacancies.HTML,
    "returns.html": returns.HTML,
}

SCRIPTS = {
    "escalation.js": escalation.JS,
    "waiting-list.js": waiting.LIST_JS,
    "request.js": waiting.REQUEST_JS,
    "episode.js": episode.JS,
    "vacancies.js": vacancies.JS,
    "returns.js": returns.JS,
}
