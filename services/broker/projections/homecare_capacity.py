"""What commissioners ask of the home care market, part one: the capacity board (hours
offered against hours requested, by zone and time band) and the unmet hours by zone and
week. Read only from the broker's own agency book and package list."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from events.bounds.times import UK
from events.reference.zones import zones
from services.broker.domain.package_words import BANDS
from services.broker.projections.agency_book import book_agencies, book_capacity, book_held
from services.broker.projections.package_list import packages

# Not yet sourced: being offered round by round, or an agency accepted and its hours are
# still being held (held hours are off the agency's offer already, so not requested again).
UNSOURCED = ("sourcing", "hold_pending")
Key = tuple[str, str, str]  # council, zone, band


def capacity_board(
    conn: Connection, council_code: str | None, now: datetime, fresh_hours: float
) -> list[dict[str, Any]]:
    """For each zone of the council (None: of every council) and each time band: the hours a
    week its agencies reported free, those held for packages, the hours offered (reported
    less held, never below nothing per agency), of which from stale reports, the hours the
    unsourced requests need and the gap (offered less requested: below nought is a
    shortage). Agencies suspended for the council (or for all) offer it nothing."""
    reported: dict[Key, float] = defaultdict(float)
    held: dict[Key, float] = defaultdict(float)
    offered: dict[Key, float] = defaultdict(float)
    stale: dict[Key, float] = defaultdict(float)
    agencies: dict[Key, set[str]] = defaultdict(set)
    held_at = _held(conn)
    cutoff = now.astimezone(UTC).replace(tzinfo=None) - timedelta(hours=fresh_hours)
    query = select(book_capacity, book_agencies).join(
        book_agencies, book_agencies.c.agency_id == book_capacity.c.agency_id
    )
    if council_code is not None:
        query = query.where(book_agencies.c.council_code == council_code)
    for r in conn.execute(query):
        if r.suspended or r.council_code in r.suspended_for:
            continue
        key = (r.council_code, r.zone, r.band)
        taken = held_at.get((r.agency_id, r.zone, r.band), 0.0)
        free = max(r.hours - taken, 0.0)
        reported[key] += r.hours
        held[key] += taken
        offered[key] += free
        if r.reported_at < cutoff:
            stale[key] += free
        if free > 0:
            agencies[key].add(r.agency_id)
    requested = _requested(conn, council_code)
    names = {(z.council_code, z.code): z.name for z in zones().values()}
    keys = {(c, z, b) for (c, z) in names for b in BANDS if council_code in (None, c)}
    keys |= set(reported) | set(requested)
    return [
        {
            "council_code": c, "zone": z, "zone_name": names.get((c, z), z), "band": b,
            "reported": _r(reported[c, z, b]), "held": _r(held[c, z, b]),
            "offered": _r(offered[c, z, b]), "stale": _r(stale[c, z, b]),
            "agencies": len(agencies[c, z, b]), "requested": _r(requested.get((c, z, b), 0.0)),
            "gap": _r(offered[c, z, b] - requested.get((c, z, b), 0.0)),
        }
        for c, z, b in sorted(keys, key=lambda k: (k[0], k[1], BANDS.index(k[2])))
    ]  # fmt: skip


def unmet_hours(conn: Connection, council_code: str | None) -> list[dict[str, Any]]:
    """The hours a week of care still to source (requests being offered, or whose hours are
    still being held), by zone and the week (Monday, UK) the request was made, oldest week
    first; with the number of requests."""
    found: dict[tuple[str, str, date], list[Any]] = defaultdict(list)
    for r in conn.execute(_open(council_code)):
        found[r.council_code, r.zone, week_of(r.requested_at)].append(r)
    return [
        {
            "council_code": c, "zone": z, "zone_name": _zone_name(c, z), "week": w.isoformat(),
            "requests": len(rs), "hours": _r(sum(sum((r.hours or {}).values()) for r in rs)),
        }
        for (c, z, w), rs in sorted(found.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1]))
    ]  # fmt: skip


def week_of(at: datetime) -> date:
    """The Monday (in the UK) of the week a stored (naive UTC) time falls in."""
    day = at.replace(tzinfo=UTC).astimezone(UK).date()
    return day - timedelta(days=day.weekday())


def _held(conn: Connection) -> dict[tuple[str, str, str], float]:
    held: dict[tuple[str, str, str], float] = defaultdict(float)
    for r in conn.execute(select(book_held)):
        held[r.agency_id, r.zone, r.band] += r.hours
    return held


def _open(council_code: str | None) -> Any:
    query = select(packages).where(packages.c.stage.in_(UNSOURCED), packages.c.zone.is_not(None))
    if council_code is not None:
        query = query.where(packages.c.council_code == council_code)
    return query


def _requested(conn: Connection, council_code: str | None) -> dict[Key, float]:
    requested: dict[Key, float] = defaultdict(float)
    for r in conn.execute(_open(council_code)):
        for band, hours in (r.hours or {}).items():
            requested[r.council_code, r.zone, band] += hours
    return requested


def _zone_name(council: str, zone: str) -> str:
    found = zones().get((council, zone))
    return found.name if found else zone


def _r(hours: float) -> float:
    return round(hours, 2)
