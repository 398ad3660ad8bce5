"""What commissioners ask of the home care market, part two: how agencies answer the
packages offered to them, how many packages had their hours sourced within 24 and 48 hours
of readiness, and the people waiting at the home care stage by days waiting. Counts only,
no person named: read from the broker's own package list and agency book."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from services.broker.domain.package_words import AGENCY_DECLINE_WORDS, AgencyDecline
from services.broker.projections.agency_book import book_agencies
from services.broker.projections.homecare_capacity import week_of
from services.broker.projections.package_list import package_offers, packages

CLOSED = ("started", "cancelled")
# Days waiting as the delay reports band them: each of the first days, then weeks.
DAY_BANDS = ((0, 0, "0 days"), (1, 1, "1 day"), (2, 2, "2 days"), (3, 3, "3 days"),
             (4, 6, "4 to 6 days"), (7, 13, "7 to 13 days"), (14, 20, "14 to 20 days"),
             (21, None, "21 days or more"))  # fmt: skip


def agency_responsiveness(
    conn: Connection, council_code: str | None, provider_id: str | None
) -> list[dict[str, Any]]:
    """Per agency, the offers made to it (of the council's packages, or of its provider's
    agencies, or all): answered, median hours from offer to answer, accepted and the share
    of answers that accepted, declines by reason in words, escalated (no answer by the
    deadline) and still unanswered. Most offers first."""
    query = select(package_offers, book_agencies.c.name, book_agencies.c.provider_id).join(
        book_agencies, book_agencies.c.agency_id == package_offers.c.agency_id
    )
    if council_code is not None:
        query = query.where(package_offers.c.council_code == council_code)
    if provider_id is not None:
        query = query.where(book_agencies.c.provider_id == provider_id)
    per_agency: dict[str, list[Any]] = defaultdict(list)
    for r in conn.execute(query):
        per_agency[r.agency_id].append(r)
    out = []
    for agency_id, rs in per_agency.items():
        answered = [r for r in rs if r.answered_at is not None]
        hours = [(r.answered_at - r.sent_at).total_seconds() / 3600 for r in answered]
        accepted = sum(r.status == "accepted" for r in rs)
        declined = Counter(_words(r.decline_reason) for r in rs if r.status == "declined")
        out.append(
            {
                "agency_id": agency_id, "name": rs[0].name, "provider_id": rs[0].provider_id,
                "offers": len(rs), "answered": len(answered),
                "median_hours_to_answer": round(statistics.median(hours), 1) if hours else None,
                "accepted": accepted, "declined": sum(declined.values()),
                "accept_rate": round(accepted / len(answered), 2) if answered else None,
                "declined_by_reason": dict(sorted(declined.items())),
                "escalated": sum(bool(r.escalated) for r in rs),
                "unanswered": len(rs) - len(answered),
            }
        )  # fmt: skip
    return sorted(out, key=lambda a: (-a["offers"], a["name"]))


def sourced_within(
    conn: Connection, council_code: str | None, now: datetime
) -> list[dict[str, Any]]:
    """By week of readiness (Monday, UK): the packages counted and those whose hours an
    agency held within 24 and within 48 hours of readiness, with their shares. Readiness is
    when the request opened (the ward's readiness on pathway 1; for someone at home, the
    request). A package counts once 48 hours have passed since readiness (before that its
    48 hours are not over), unless it was cancelled before any hours were held."""
    cutoff = now.astimezone(UTC).replace(tzinfo=None) - timedelta(hours=48)
    weeks: dict[Any, list[float | None]] = defaultdict(list)
    for r in conn.execute(_mine(select(packages), council_code)):
        if r.requested_at > cutoff or (r.stage == "cancelled" and r.sourced_at is None):
            continue
        took = (r.sourced_at - r.requested_at).total_seconds() / 3600 if r.sourced_at else None
        weeks[week_of(r.requested_at)].append(took)
    out = []
    for week, took in sorted(weeks.items()):
        in_24 = sum(t is not None and t <= 24 for t in took)
        in_48 = sum(t is not None and t <= 48 for t in took)
        out.append(
            {
                "week": week.isoformat(), "packages": len(took),
                "within_24h": in_24, "within_48h": in_48,
                "share_24h": round(in_24 / len(took), 2), "share_48h": round(in_48 / len(took), 2),
                "not_sourced": sum(t is None for t in took),
            }
        )  # fmt: skip
    return out


def waiting_by_days(
    conn: Connection, council_code: str | None, now: datetime
) -> list[dict[str, Any]]:
    """The people whose package request is open (not started, not cancelled), by whole days
    since readiness (or the request, for someone at home): how many, of them in hospital,
    and the hours a week their care needs. Every band, empty ones too."""
    at = now.astimezone(UTC).replace(tzinfo=None)
    rows: list[dict[str, Any]] = [
        {"days": label, "people": 0, "in_hospital": 0, "at_home": 0, "hours": 0.0}
        for _, _, label in DAY_BANDS
    ]
    query = _mine(select(packages).where(packages.c.stage.not_in(CLOSED)), council_code)
    for r in conn.execute(query):
        row = rows[_band(max((at - r.requested_at).days, 0))]
        row["people"] += 1
        row["in_hospital" if r.location == "hospital" else "at_home"] += 1
        row["hours"] = round(row["hours"] + sum((r.hours or {}).values()), 2)
    return rows


def _band(days: int) -> int:
    return next(
        i for i, (lo, hi, _) in enumerate(DAY_BANDS) if lo <= days <= (days if hi is None else hi)
    )


def _mine(query: Any, council_code: str | None) -> Any:
    return query if council_code is None else query.where(packages.c.council_code == council_code)


def _words(reason: str | None) -> str:
    try:
        return AGENCY_DECLINE_WORDS[AgencyDecline(reason or "")]
    except ValueError:  # a reason from before the vocabulary it is read with
        return reason or "no reason given"
