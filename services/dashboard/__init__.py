"""The dashboard: server-rendered pages with light JavaScript over the three services' JSON
APIs (escalation view, waiting list, vacancies, monthly returns, timelines), charts with a
locally served plotly.js, and live updates by server-sent events."""

from __future__ import annotations

from services.dashboard.web import mount_dashboard

__all__ = ["mount_dashboard"]
