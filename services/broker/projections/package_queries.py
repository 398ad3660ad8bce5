"""Reads over the broker's agency book and package list: an agency as a command needs it,
the agencies a package can be offered to (the zone's first, then the cascade), a council's
packages, an agency provider's offers and the overdue offers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Connection

from events.platform.timeutil import naive_utc
from services.broker.domain.care_needed import CareNeeded
from services.broker.domain.package_state import AgencyStatus
from services.broker.projections.agency_book import book_agencies, book_capacity, book_held
from services.broker.projections.package_list import package_offers, packages


def agency_status(
    conn: Connection, agency_id: uuid.UUID, council_code: str | None
) -> AgencyStatus | None:
    """The agency as the book knows it, for packages of `council_code` (not taking them if
    it is suspended for every council or by that one)."""
    row = conn.execute(
        select(book_agencies).where(book_agencies.c.agency_id == str(agency_id))
    ).first()
    if row is None:
        return None
    suspended = row.suspended or (council_code is not None and council_code in row.suspended_for)
    return AgencyStatus(
        agency_id=agency_id,
        name=row.name,
        provider_id=row.provider_id,
        council_code=row.council_code,
        taking_packages=not suspended,
        services=frozenset(row.services),
        zones=frozenset(row.zones),
    )


@dataclass(frozen=True)
class AgencyCandidate:
    agency_id: str
    name: str
    provider_id: str
    serves_zone: bool  # the person's zone: offered first; the others are the cascade
    free_hours: dict[str, float]  # in the person's zone, by band: reported less held
    covers: bool  # its free hours in the zone cover every band the calls need
    double_handed: bool
    available_from: str | None
    report_age_hours: float | None
    fresh: bool
    reasons: list[str]


def candidates(
    conn: Connection, council_code: str, care: CareNeeded, now: datetime, fresh_hours: float
) -> list[AgencyCandidate]:
    """The council's agencies giving the service and taking its packages: those serving the
    person's zone first (the ones whose fresh report covers the calls first, most hours
    first), then the cascade to the council's other agencies."""
    rows = conn.execute(
        select(book_agencies).where(book_agencies.c.council_code == council_code)
    ).all()
    wanted = care.weekly_hours()
    found = []
    for row in rows:
        if row.suspended or council_code in row.suspended_for:
            continue
        if care.service not in row.services:
            continue
        found.append(_candidate(conn, row, care, wanted, now, fresh_hours))
    return sorted(
        found,
        key=lambda c: (
            not c.serves_zone,
            not c.covers,
            -sum(c.free_hours.get(b, 0.0) for b in wanted),
            c.name,
        ),
    )


def _candidate(
    conn: Connection,
    row: Any,
    care: CareNeeded,
    wanted: dict[str, float],
    now: datetime,
    fresh_hours: float,
) -> AgencyCandidate:
    mine = (book_capacity.c.agency_id == row.agency_id, book_capacity.c.zone == care.zone)
    reported = conn.execute(select(book_capacity).where(*mine)).all()
    held = dict(
        conn.execute(
            select(book_held.c.band, func.sum(book_held.c.hours))
            .where(book_held.c.agency_id == row.agency_id, book_held.c.zone == care.zone)
            .group_by(book_held.c.band)
        ).all()
    )
    free = {r.band: round(max(r.hours - float(held.get(r.band, 0.0)), 0.0), 2) for r in reported}
    first = reported[0] if reported else None
    age = (now - first.reported_at.replace(tzinfo=UTC)) if first else None
    fresh = age is not None and age <= timedelta(hours=fresh_hours)
    double = bool(first and first.double_handed)
    covers = fresh and all(free.get(b, 0.0) >= h for b, h in wanted.items())
    covers = covers and (double or not care.double_handed)
    reasons = [
        f"serves {care.zone}" if care.zone in row.zones else f"cascade: does not serve {care.zone}"
    ]
    if first is None:
        reasons.append(f"no capacity reported in {care.zone}")
    elif not fresh:
        reasons.append("its report is stale")
    elif covers:
        reasons.append("its free hours cover the calls")
    else:
        short = [b for b, h in wanted.items() if free.get(b, 0.0) < h]
        reasons.append(f"short of hours in {', '.join(short)}" if short else "no double-handed")
    return AgencyCandidate(
        agency_id=row.agency_id,
        name=row.name,
        provider_id=row.provider_id,
        serves_zone=care.zone in row.zones,
        free_hours=free,
        covers=covers,
        double_handed=double,
        available_from=first.available_from if first else None,
        report_age_hours=round(age.total_seconds() / 3600, 2) if age is not None else None,
        fresh=fresh,
        reasons=reasons,
    )


def council_packages(conn: Connection, council_code: str | None) -> list[dict[str, Any]]:
    """The package requests of a council (None: every council's), oldest first."""
    query = select(packages).order_by(packages.c.requested_at)
    if council_code is not None:
        query = query.where(packages.c.council_code == council_code)
    return [dict(r._mapping) for r in conn.execute(query)]


def provider_offers(conn: Connection, provider_id: str | None) -> list[dict[str, Any]]:
    """The offers made to a provider's agencies (None: every provider's), newest first, with
    what an agency needs to answer: the zone, the hours by band, the start, the deadline."""
    query = (
        select(
            package_offers,
            book_agencies.c.name.label("agency_name"),
            book_agencies.c.provider_id,
            packages.c.service,
            packages.c.double_handed,
            packages.c.start_on,
            packages.c.urgency,
            packages.c.stage.label("request_stage"),
        )
        .join(book_agencies, book_agencies.c.agency_id == package_offers.c.agency_id)
        .join(packages, packages.c.request_id == package_offers.c.request_id)
        .order_by(package_offers.c.sent_at.desc())
    )
    if provider_id is not None:
        query = query.where(book_agencies.c.provider_id == provider_id)
    return [dict(r._mapping) for r in conn.execute(query)]


def overdue_offers(conn: Connection, now: datetime) -> set[str]:
    """The package requests with an offer past its deadline, unanswered and not escalated."""
    return set(
        conn.execute(
            select(package_offers.c.request_id).where(
                package_offers.c.status == "sent",
                package_offers.c.answer_by <= naive_utc(now),
            )
        ).scalars()
    )


HELD_STAGES = ("offered", "accepted", "start_booked")


def holds_maybe_overdue(conn: Connection, last_due: date) -> set[str]:
    """The package requests whose held hours may be overdue: due to start on or before
    `last_due`, or with a first call booked (the booked day may differ from the start date;
    the request itself decides)."""
    held = packages.c.stage.in_(HELD_STAGES)
    due = or_(packages.c.start_on <= last_due, packages.c.stage == "start_booked")
    return set(conn.execute(select(packages.c.request_id).where(held, due)).scalars())
