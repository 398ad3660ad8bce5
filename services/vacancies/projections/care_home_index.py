"""The care-home index: one row per home, its bed types with free counts, the holds on
them and a postcode gazetteer. Search and the vacancy board read it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection

from events.contracts import vacancies as v
from events.platform.timeutil import naive_utc
from events.registry import Payload
from events.serialisation import Message
from services.vacancies.projections.tables import (
    RATING_RANK,
    bed_counts,
    care_homes,
    postcodes,
    reservations,
)


def words(items: list[str]) -> str:
    return f" {' '.join(items)} "


def offered_bed_types(registrations: str, categories: str) -> list[str]:
    return [f"{r}-{c}" for r in registrations.split() for c in categories.split()]


class CareHomeIndex:
    """Applies the vacancies contracts to the index tables."""

    def apply(self, conn: Connection, message: Message[Payload]) -> None:
        p, home = message.payload, str(message.envelope.aggregate_id)
        version = message.envelope.aggregate_version
        if isinstance(p, v.CareHomeRegistered):
            conn.execute(
                care_homes.insert().values(
                    home_id=home,
                    cqc_location_id=p.cqc_location_id,
                    name=p.name,
                    provider_id=p.provider_id,
                    la_code=p.local_authority_code,
                    la_name=p.local_authority_name,
                    locality=p.locality,
                    postcode=p.postcode,
                    latitude=p.latitude,
                    longitude=p.longitude,
                    registered_beds=p.registered_beds,
                    registrations=words(p.registrations),
                    care_categories=words(p.care_categories),
                    specialisms=words(p.specialisms),
                    rating_rank=0,
                    suspended=False,
                    version=version,
                )
            )
            self._sync_bed_types(conn, home)
            self._gazetteer(conn, p.postcode, p.latitude, p.longitude)
            return
        changes: dict[str, Any] = {"version": version}
        if isinstance(p, v.CareHomeDetailsChanged):
            changes.update(self._detail_changes(p))
        elif isinstance(p, v.CqcRatingChanged):
            changes.update(
                rating=p.rating,
                rated_on=p.rated_on.isoformat(),
                rating_rank=RATING_RANK.get(p.rating, 0),
            )
        elif isinstance(p, v.PlacementsSuspended):
            changes.update(suspended=True, suspension_reason=p.reason)
        elif isinstance(p, v.PlacementsResumed):
            changes.update(suspended=False, suspension_reason=None)
        elif isinstance(p, v.ClosureAnnounced):
            changes.update(closing_on=p.closing_on.isoformat())
        elif isinstance(p, v.VacanciesReported):
            changes.update(last_reported_at=naive_utc(p.reported_at))
            conn.execute(update(bed_counts).where(bed_counts.c.home_id == home).values(free=0))
            for bed_type, free in p.free_beds.items():
                conn.execute(
                    update(bed_counts)
                    .where(bed_counts.c.home_id == home, bed_counts.c.bed_type == bed_type)
                    .values(free=free)
                )
        elif isinstance(p, v.BedReserved):
            conn.execute(
                reservations.insert().values(
                    reservation_id=str(p.reservation_id),
                    home_id=home,
                    bed_type=p.bed_type,
                    reference=p.reference,
                    expires_at=naive_utc(p.expires_at),
                    status="held",
                )
            )
        elif isinstance(p, v.ReservationReleased | v.ReservationExpired | v.BedOccupied):
            self._close_reservation(conn, str(p.reservation_id), p)
        conn.execute(update(care_homes).where(care_homes.c.home_id == home).values(**changes))
        if isinstance(p, v.CareHomeDetailsChanged):
            self._sync_bed_types(conn, home)
            if p.postcode and p.latitude is not None and p.longitude is not None:
                self._gazetteer(conn, p.postcode, p.latitude, p.longitude)

    @staticmethod
    def _detail_changes(p: v.CareHomeDetailsChanged) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for field in ("name", "locality", "postcode", "latitude", "longitude", "registered_beds"):
            if (value := getattr(p, field)) is not None:
                out[field] = value
        for field in ("registrations", "care_categories", "specialisms"):
            if (value := getattr(p, field)) is not None:
                out[field] = words(value)
        return out

    @staticmethod
    def _close_reservation(conn: Connection, reservation_id: str, p: Payload) -> None:
        status = {
            v.ReservationReleased: "released",
            v.ReservationExpired: "expired",
            v.BedOccupied: "occupied",
        }[type(p)]  # type: ignore[index]
        row = conn.execute(
            select(reservations).where(reservations.c.reservation_id == reservation_id)
        ).first()
        if row is None or row.status != "held":
            return
        conn.execute(
            update(reservations)
            .where(reservations.c.reservation_id == reservation_id)
            .values(status=status)
        )
        if status == "occupied":
            # The admitted person now fills a bed that was counted free.
            conn.execute(
                update(bed_counts)
                .where(
                    bed_counts.c.home_id == row.home_id,
                    bed_counts.c.bed_type == row.bed_type,
                    bed_counts.c.free > 0,
                )
                .values(free=bed_counts.c.free - 1)
            )

    @staticmethod
    def _sync_bed_types(conn: Connection, home: str) -> None:
        row = conn.execute(
            select(care_homes.c.registrations, care_homes.c.care_categories).where(
                care_homes.c.home_id == home
            )
        ).one()
        wanted = set(offered_bed_types(row.registrations, row.care_categories))
        have = set(
            conn.execute(
                select(bed_counts.c.bed_type).where(bed_counts.c.home_id == home)
            ).scalars()
        )
        if gone := have - wanted:
            conn.execute(
                delete(bed_counts).where(
                    bed_counts.c.home_id == home, bed_counts.c.bed_type.in_(gone)
                )
            )
        for bed_type in sorted(wanted - have):
            conn.execute(bed_counts.insert().values(home_id=home, bed_type=bed_type, free=0))

    @staticmethod
    def _gazetteer(conn: Connection, postcode: str, lat: float, lon: float) -> None:
        key = normalise_postcode(postcode)
        conn.execute(delete(postcodes).where(postcodes.c.postcode == key))
        conn.execute(postcodes.insert().values(postcode=key, latitude=lat, longitude=lon))


def normalise_postcode(postcode: str) -> str:
    return " ".join(postcode.upper().split())


__all__ = ["CareHomeIndex", "normalise_postcode"]
