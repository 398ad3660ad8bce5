"""A provider's own homes as its "My homes" page shows them: each home's registration,
its bed types (registration x care category) with the free beds last reported and the beds
held for offers now, and when it last reported or confirmed its figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from events.platform.timeutil import aware_utc, naive_utc
from services.vacancies.projections.tables import bed_counts, care_homes, reservations


@dataclass(frozen=True)
class OwnHome:
    home_id: str
    name: str
    provider_id: str
    la_code: str
    la_name: str
    locality: str
    postcode: str
    registered_beds: int
    registrations: list[str]
    care_categories: list[str]
    specialisms: list[str]
    rating: str | None
    suspended: bool
    suspension_reason: str | None
    closing_on: str | None
    last_reported_at: datetime | None
    report_age_hours: float | None
    version: int
    free_beds: dict[str, int] = field(default_factory=dict)  # every bed type the home offers
    held_beds: dict[str, int] = field(default_factory=dict)  # holds in force, by bed type


def own_homes(conn: Connection, provider_id: str | None, now: datetime) -> list[OwnHome]:
    """The homes of `provider_id` (None: every provider's), by name."""
    query = select(care_homes).order_by(care_homes.c.name, care_homes.c.home_id)
    if provider_id is not None:
        # providers' ids are matched as tokens are: whatever the case the caller wrote
        query = query.where(func.upper(care_homes.c.provider_id) == provider_id.upper())
    rows = list(conn.execute(query))
    ids = [r.home_id for r in rows]
    free: dict[str, dict[str, int]] = {}
    for b in conn.execute(select(bed_counts).where(bed_counts.c.home_id.in_(ids))):
        free.setdefault(b.home_id, {})[b.bed_type] = int(b.free)
    held: dict[str, dict[str, int]] = {}
    in_force = (
        select(reservations.c.home_id, reservations.c.bed_type, func.count().label("n"))
        .where(
            reservations.c.home_id.in_(ids),
            reservations.c.status == "held",
            reservations.c.expires_at > naive_utc(now),
        )
        .group_by(reservations.c.home_id, reservations.c.bed_type)
    )
    for h in conn.execute(in_force):
        held.setdefault(h.home_id, {})[h.bed_type] = int(h.n)
    out = []
    for r in rows:
        reported = aware_utc(r.last_reported_at)
        age = (now - reported).total_seconds() / 3600 if reported else None
        out.append(
            OwnHome(
                home_id=r.home_id,
                name=r.name,
                provider_id=r.provider_id,
                la_code=r.la_code,
                la_name=r.la_name,
                locality=r.locality,
                postcode=r.postcode,
                registered_beds=r.registered_beds,
                registrations=r.registrations.split(),
                care_categories=r.care_categories.split(),
                specialisms=r.specialisms.split(),
                rating=r.rating,
                suspended=r.suspended,
                suspension_reason=r.suspension_reason,
                closing_on=r.closing_on,
                last_reported_at=reported,
                report_age_hours=round(age, 2) if age is not None else None,
                version=r.version,
                free_beds=dict(sorted(free.get(r.home_id, {}).items())),
                held_beds=dict(sorted(held.get(r.home_id, {}).items())),
            )
        )
    return out
