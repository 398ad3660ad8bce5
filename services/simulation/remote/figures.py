"""Every figure a user reads of a simulated borough, through the services' APIs (what the
dashboard's pages fetch, and the monthly returns), to compare two runs of the same seed.

Left out: only what is wall-clock by nature, wherever it appears: `recorded_at` and
`last_change_at` (when a service wrote a fact down, not when it happened) and
`report_age_hours` (a vacancy report's age now, which grows by the minute). History views
(GET of one episode or request) are not taken whole: they are mostly recording times.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Protocol

WALL_CLOCK = frozenset({"recorded_at", "last_change_at", "report_age_hours"})


class Reader(Protocol):
    def __call__(self, path: str, params: dict[str, Any] | None = None) -> Any: ...


def months(first: date, last: date) -> list[str]:
    out: list[str] = []
    day = first
    while day <= last:
        if f"{day:%Y-%m}" not in out:
            out.append(f"{day:%Y-%m}")
        day += timedelta(days=1)
    return out


def strip(value: Any) -> Any:
    """The same value without its wall-clock fields."""
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k not in WALL_CLOCK}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


def snapshot(get: Reader, first: date, last: date) -> dict[str, Any]:
    """What the escalation call, the brokers, the vacancy board and the analysts see."""
    out: dict[str, Any] = {
        "live_delays": get("/discharge/live-delays"),
        "waiting_list": get("/broker/waiting-list"),
        "unmet_demand": get("/broker/unmet-demand"),
        "responsiveness": get("/broker/responsiveness"),
        "vacancy_board": get("/vacancies/board"),
        "vacancy_search": get("/vacancies/search", {"max_report_age_hours": 24 * 30}),
    }
    for month in months(first, last):
        for by in ("la", "provider"):
            out[f"dtoc:{month}:{by}"] = get("/discharge/returns/dtoc", {"month": month, "by": by})
        out[f"drd:{month}"] = get("/discharge/returns/drd", {"month": month})
        out[f"nctr:{month}"] = get("/discharge/returns/nctr", {"month": month})
    return strip(out)
