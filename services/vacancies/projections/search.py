"""Vacancy search over the care-home index: homes that can take someone now."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.engine import Connection

from events.platform.errors import InvalidInput
from events.platform.timeutil import aware_utc, naive_utc
from services.vacancies.projections.home_state import normalise_postcode
from services.vacancies.projections.tables import (
    RATING_RANK,
    bed_counts,
    care_homes,
    postcodes,
    reservations,
)

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class SearchCriteria:
    now: datetime
    max_report_age_hours: float
    registration: str | None = None
    care_category: str | None = None
    specialisms: tuple[str, ...] = ()
    la_code: str | None = None
    locality: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    postcode: str | None = None
    within_km: float | None = None
    min_rating: str | None = None
    include_suspended: bool = False
    min_free: int = 1
    # the council the searcher places for: its own suspensions count too (None: only those
    # for every council)
    council_code: str | None = None


@dataclass(frozen=True)
class HomeMatch:
    home_id: str
    name: str
    provider_id: str
    la_code: str
    la_name: str
    locality: str
    postcode: str
    latitude: float  # a home's place is public (its CQC registration gives it)
    longitude: float
    rating: str | None
    suspended: bool
    closing_on: str | None
    last_reported_at: datetime | None
    report_age_hours: float | None
    distance_km: float | None
    free_beds: dict[str, int] = field(default_factory=dict)


def suspended_for(row: Any, council_code: str | None) -> bool:
    """Whether a care_homes row takes no placements of the council (None: of any council)."""
    return bool(row.suspended) or (
        council_code is not None and f" {council_code} " in row.suspended_for
    )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def resolve_postcode(conn: Connection, postcode: str) -> tuple[float, float]:
    """A known full postcode, else the centre of the known postcodes of its district. A
    postcode lies where the latest report of any home puts it (in recorded time; ties: by
    home id, so every build of the index answers alike)."""
    key = normalise_postcode(postcode)
    newest = (postcodes.c.reported_at.desc(), postcodes.c.home_id.desc())
    row = conn.execute(
        select(postcodes.c.latitude, postcodes.c.longitude)
        .where(postcodes.c.postcode == key)
        .order_by(*newest)
        .limit(1)
    ).first()
    if row is None:
        outward = key.split(" ")[0]
        rank = func.row_number().over(partition_by=postcodes.c.postcode, order_by=newest)
        reports = (
            select(postcodes.c.latitude, postcodes.c.longitude, rank.label("rank"))
            .where(postcodes.c.postcode.like(f"{outward} %"))
            .subquery()
        )
        row = conn.execute(
            select(
                func.avg(reports.c.latitude).label("latitude"),
                func.avg(reports.c.longitude).label("longitude"),
            ).where(reports.c.rank == 1)
        ).first()
        if row is None or row.latitude is None:
            raise InvalidInput("postcode", f"no known location for postcode {postcode!r}")
    return float(row.latitude), float(row.longitude)


def available_beds_query(now: datetime) -> Select:  # type: ignore[type-arg]
    """Per home and bed type: reported free beds less the holds still in force at `now`."""
    held = (
        select(reservations.c.home_id, reservations.c.bed_type, func.count().label("held"))
        .where(reservations.c.status == "held", reservations.c.expires_at > naive_utc(now))
        .group_by(reservations.c.home_id, reservations.c.bed_type)
        .subquery()
    )
    available = (bed_counts.c.free - func.coalesce(held.c.held, 0)).label("available")
    return select(bed_counts.c.home_id, bed_counts.c.bed_type, available).outerjoin(
        held, and_(held.c.home_id == bed_counts.c.home_id, held.c.bed_type == bed_counts.c.bed_type)
    )


def search(conn: Connection, c: SearchCriteria) -> list[HomeMatch]:
    """Matching homes with free beds, nearest first, then the freshest report."""
    origin = None
    if c.postcode:
        origin = resolve_postcode(conn, c.postcode)
    elif c.latitude is not None and c.longitude is not None:
        origin = (c.latitude, c.longitude)
    if c.within_km is not None and origin is None:
        raise InvalidInput("within_km", "give a postcode or latitude and longitude to search near")

    h = care_homes.c
    query = select(care_homes).where(
        h.last_reported_at >= naive_utc(c.now - timedelta(hours=c.max_report_age_hours))
    )
    if not c.include_suspended:
        query = query.where(h.suspended.is_(False), h.closing_on.is_(None))
        if c.council_code:
            query = query.where(h.suspended_for.not_like(f"% {c.council_code} %"))
    if c.registration:
        query = query.where(h.registrations.like(f"% {c.registration} %"))
    if c.care_category:
        query = query.where(h.care_categories.like(f"% {c.care_category} %"))
    for specialism in c.specialisms:
        query = query.where(h.specialisms.like(f"% {specialism} %"))
    if c.la_code:
        query = query.where(h.la_code == c.la_code)
    if c.locality:
        query = query.where(h.locality == c.locality)
    if c.min_rating:
        query = query.where(h.rating_rank >= RATING_RANK[c.min_rating])
    if origin and c.within_km is not None:
        dlat = c.within_km / 110.574
        dlon = c.within_km / (111.320 * max(math.cos(math.radians(origin[0])), 0.01))
        query = query.where(
            h.latitude.between(origin[0] - dlat, origin[0] + dlat),
            h.longitude.between(origin[1] - dlon, origin[1] + dlon),
        )
    homes = {row.home_id: row for row in conn.execute(query)}
    if not homes:
        return []

    beds: dict[str, dict[str, int]] = {}
    avail = available_beds_query(c.now).subquery()
    for row in conn.execute(select(avail).where(avail.c.home_id.in_(list(homes)))):
        if c.registration and not row.bed_type.startswith(f"{c.registration}-"):
            continue
        if c.care_category and not row.bed_type.endswith(f"-{c.care_category}"):
            continue
        if row.available > 0:
            beds.setdefault(row.home_id, {})[row.bed_type] = int(row.available)

    matches = []
    for home_id, row in homes.items():
        free = beds.get(home_id, {})
        if sum(free.values()) < c.min_free:
            continue
        distance = (
            haversine_km(origin[0], origin[1], row.latitude, row.longitude) if origin else None
        )
        if distance is not None and c.within_km is not None and distance > c.within_km:
            continue
        reported = aware_utc(row.last_reported_at)
        age = (c.now - reported).total_seconds() / 3600 if reported else None
        matches.append(
            HomeMatch(
                home_id=home_id,
                name=row.name,
                provider_id=row.provider_id,
                la_code=row.la_code,
                la_name=row.la_name,
                locality=row.locality,
                postcode=row.postcode,
                latitude=row.latitude,
                longitude=row.longitude,
                rating=row.rating,
                suspended=suspended_for(row, c.council_code),
                closing_on=row.closing_on,
                last_reported_at=reported,
                report_age_hours=round(age, 2) if age is not None else None,
                distance_km=round(distance, 3) if distance is not None else None,
                free_beds=free,
            )
        )
    matches.sort(
        key=lambda m: (
            m.distance_km if m.distance_km is not None else 0.0,
            m.report_age_hours if m.report_age_hours is not None else 1e9,
            m.name,
        )
    )
    return matches
