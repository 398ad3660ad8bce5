"""Search over the agency index: the agencies that can start care in a zone now, with their
free hours a week by time band (the zone's last report less the hours held for packages),
from reports fresh enough to trust."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from events.platform.timeutil import naive_utc
from services.vacancies.domain.agency_words import BANDS
from services.vacancies.projections.agency_tables import agencies, agency_capacity, agency_held
from services.vacancies.projections.search import suspended_for


@dataclass(frozen=True)
class AgencyCriteria:
    now: datetime
    max_report_age_hours: float
    council_code: str | None = None  # the council whose market: None for every council
    zone: str | None = None
    band: str | None = None  # only agencies with hours free in this band
    double_handed: bool = False  # only agencies that can staff double-handed calls
    service: str | None = None  # reablement or long_term
    include_suspended: bool = False
    # the council the searcher places for: its own suspensions count too
    placing_for: str | None = None


@dataclass(frozen=True)
class AgencyMatch:
    agency_id: str
    name: str
    provider_id: str
    council_code: str
    services: list[str]
    zone: str
    hours: dict[str, float]  # free hours a week by time band: reported less held
    held: dict[str, float]  # hours a week held for packages by time band
    total_hours: float
    available_from: date
    double_handed: bool
    reported_at: datetime
    report_age_hours: float
    suspended: bool  # for the searcher's placements


def search_agencies(conn: Connection, c: AgencyCriteria) -> list[AgencyMatch]:
    """Most hours first (in the band asked for, else in all), then the freshest report."""
    oldest = naive_utc(c.now - timedelta(hours=c.max_report_age_hours))
    query = (
        select(agencies, agency_capacity)
        .join(agency_capacity, agency_capacity.c.agency_id == agencies.c.agency_id)
        .where(agency_capacity.c.reported_at >= oldest)
    )
    if c.council_code is not None:
        query = query.where(agencies.c.council_code == c.council_code)
    if c.zone is not None:
        query = query.where(agency_capacity.c.zone == c.zone)
    if c.service is not None:
        query = query.where(agencies.c.services.like(f"% {c.service} %"))
    if c.double_handed:
        query = query.where(agency_capacity.c.double_handed.is_(True))
    by_zone: dict[tuple[str, str], list[Any]] = {}
    for row in conn.execute(query):
        by_zone.setdefault((row.agency_id, row.zone), []).append(row)
    held = _held(conn, {agency for agency, _ in by_zone})
    matches = [_match(rows, c, held) for rows in by_zone.values()]
    wanted = [
        m
        for m in matches
        if (m.hours[c.band] if c.band else m.total_hours) > 0
        and (c.include_suspended or not m.suspended)
    ]
    return sorted(
        wanted,
        key=lambda m: (-(m.hours[c.band] if c.band else m.total_hours), -m.reported_at.timestamp()),
    )


def _held(conn: Connection, agency_ids: set[str]) -> dict[tuple[str, str, str], float]:
    """Hours held by (agency, zone, band)."""
    if not agency_ids:
        return {}
    query = (
        select(
            agency_held.c.agency_id,
            agency_held.c.zone,
            agency_held.c.band,
            func.sum(agency_held.c.hours),
        )
        .where(agency_held.c.agency_id.in_(sorted(agency_ids)))
        .group_by(agency_held.c.agency_id, agency_held.c.zone, agency_held.c.band)
    )
    return {(a, z, b): float(h) for a, z, b, h in conn.execute(query)}


def _match(
    rows: list[Any], c: AgencyCriteria, held: dict[tuple[str, str, str], float]
) -> AgencyMatch:
    first = rows[0]
    on_hold = {b: held.get((first.agency_id, first.zone, b), 0.0) for b in BANDS}
    reported = dict.fromkeys(BANDS, 0.0) | {r.band: r.hours for r in rows}
    hours = {b: round(max(reported[b] - on_hold[b], 0.0), 2) for b in BANDS}
    reported_at = first.reported_at.replace(tzinfo=UTC)
    return AgencyMatch(
        agency_id=first.agency_id,
        name=first.name,
        provider_id=first.provider_id,
        council_code=first.council_code,
        services=first.services.split(),
        zone=first.zone,
        hours=hours,
        held=on_hold,
        total_hours=sum(hours.values()),
        available_from=date.fromisoformat(first.available_from),
        double_handed=bool(first.double_handed),
        reported_at=reported_at,
        report_age_hours=round((c.now - reported_at).total_seconds() / 3600, 2),
        suspended=suspended_for(first, c.placing_for),
    )
