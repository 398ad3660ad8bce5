"""The care-home index's rules, once: how one home's rows change with each of its events.

`HomeRows` holds every row of the index that belongs to one home (its `care_homes` row, its
`bed_counts`, the `reservations` on it that are known, its `postcodes` reports) and `apply`
moves them on by one published event, touching nothing else. The live path loads the rows of
the homes a batch touches, applies and writes them back (care_home_index.py); a full replay
keeps every home's rows in memory and writes them once (replay.py). Because a home's rows
follow from its own events alone, a replay may be shared out between processes by home.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from events.contracts import vacancies as v
from events.delivery.projectors import Recorded
from events.platform.timeutil import naive_utc
from events.registry import Payload
from services.vacancies.projections.tables import RATING_RANK

Row = dict[str, Any]

CLOSED_AS: dict[type[Payload], str] = {
    v.ReservationReleased: "released",
    v.ReservationExpired: "expired",
    v.BedOccupied: "occupied",
}


def words(items: list[str]) -> str:
    return f" {' '.join(items)} "


def councils_with(suspended_for: str, council: str, suspended: bool = True) -> str:
    """The padded words of the councils that suspended, with `council` added or taken out."""
    councils = set(suspended_for.split()) - {council}
    return words(sorted(councils | {council} if suspended else councils))


def offered_bed_types(registrations: str, categories: str) -> list[str]:
    return [f"{r}-{c}" for r in registrations.split() for c in categories.split()]


def normalise_postcode(postcode: str) -> str:
    return " ".join(postcode.upper().split())


class HomeRows:
    """One home's rows. `reservations` need only hold the reservations its next events
    close (the live path loads just those); new holds are added as they come."""

    __slots__ = ("home_id", "home", "beds", "reservations", "postcodes")

    def __init__(self, home_id: str) -> None:
        self.home_id = home_id
        self.home: Row | None = None  # the care_homes row, once registered
        self.beds: dict[str, int] = {}  # bed type -> free
        self.reservations: dict[str, Row] = {}
        # The home's own report of where each postcode it has had lies, the latest per
        # postcode. Homes may share a postcode: readers take the latest report of any home
        # (search.py), so no home's rows depend on another's events.
        self.postcodes: dict[str, Row] = {}

    def apply(self, event: Recorded) -> None:
        p = event.payload
        if isinstance(p, v.CareHomeRegistered):
            self._register(p, event)
            return
        home = self.home
        if home is None:  # nothing happens to a home before it is registered
            return
        home["version"] = event.aggregate_version
        if isinstance(p, v.CareHomeDetailsChanged):
            self._change_details(home, p, event.recorded_at)
        elif isinstance(p, v.CqcRatingChanged):
            home.update(
                rating=p.rating,
                rated_on=p.rated_on.isoformat(),
                rating_rank=RATING_RANK.get(p.rating, 0),
            )
        elif isinstance(p, v.PlacementsSuspended):
            if p.council_code is None:
                home.update(suspended=True, suspension_reason=p.reason)
            else:
                home["suspended_for"] = councils_with(home["suspended_for"], p.council_code)
        elif isinstance(p, v.PlacementsResumed):
            if p.council_code is None:
                home.update(suspended=False, suspension_reason=None)
            else:
                home["suspended_for"] = councils_with(home["suspended_for"], p.council_code, False)
        elif isinstance(p, v.ClosureAnnounced):
            home["closing_on"] = p.closing_on.isoformat()
        elif isinstance(p, v.VacanciesReported):
            home["last_reported_at"] = naive_utc(p.reported_at)
            # Bed types the home does not offer are not counted; the others not named are 0.
            beds = self.beds
            for bed_type in beds:
                beds[bed_type] = 0
            for bed_type, free in p.free_beds.items():
                if bed_type in beds:
                    beds[bed_type] = free
        elif isinstance(p, v.BedReserved):
            rid = str(p.reservation_id)
            self.reservations[rid] = {
                "reservation_id": rid,
                "home_id": self.home_id,
                "bed_type": p.bed_type,
                "reference": p.reference,
                "expires_at": naive_utc(p.expires_at),
                "status": "held",
            }
        elif type(p) in CLOSED_AS:
            self._close(str(p.reservation_id), CLOSED_AS[type(p)])  # type: ignore[attr-defined]

    def _register(self, p: v.CareHomeRegistered, event: Recorded) -> None:
        self.home = {
            "home_id": self.home_id,
            "cqc_location_id": p.cqc_location_id,
            "name": p.name,
            "provider_id": p.provider_id,
            "la_code": p.local_authority_code,
            "la_name": p.local_authority_name,
            "locality": p.locality,
            "postcode": p.postcode,
            "latitude": p.latitude,
            "longitude": p.longitude,
            "registered_beds": p.registered_beds,
            "registrations": words(p.registrations),
            "care_categories": words(p.care_categories),
            "specialisms": words(p.specialisms),
            "rating": None,
            "rating_rank": 0,
            "rated_on": None,
            "suspended": False,
            "suspension_reason": None,
            "suspended_for": words([]),
            "closing_on": None,
            "last_reported_at": None,
            "version": event.aggregate_version,
        }
        self._sync_bed_types(self.home)
        self._report_postcode(p.postcode, p.latitude, p.longitude, event.recorded_at)

    def _change_details(self, home: Row, p: v.CareHomeDetailsChanged, at: datetime) -> None:
        for field in ("name", "locality", "postcode", "latitude", "longitude", "registered_beds"):
            if (value := getattr(p, field)) is not None:
                home[field] = value
        for field in ("registrations", "care_categories", "specialisms"):
            if (value := getattr(p, field)) is not None:
                home[field] = words(value)
        self._sync_bed_types(home)
        if p.postcode and p.latitude is not None and p.longitude is not None:
            self._report_postcode(p.postcode, p.latitude, p.longitude, at)

    def _close(self, reservation_id: str, status: str) -> None:
        row = self.reservations.get(reservation_id)
        if row is None or row["status"] != "held":
            return
        row["status"] = status
        if status == "occupied" and self.beds.get(row["bed_type"], 0) > 0:
            # The admitted person now fills a bed that was counted free.
            self.beds[row["bed_type"]] -= 1

    def _sync_bed_types(self, home: Row) -> None:
        wanted = offered_bed_types(home["registrations"], home["care_categories"])
        beds = self.beds
        for gone in set(beds) - set(wanted):
            del beds[gone]
        for bed_type in wanted:
            beds.setdefault(bed_type, 0)

    def _report_postcode(self, postcode: str, lat: float, lon: float, at: datetime) -> None:
        key = normalise_postcode(postcode)
        self.postcodes[key] = {
            "postcode": key,
            "home_id": self.home_id,
            "latitude": lat,
            "longitude": lon,
            "reported_at": naive_utc(at),
        }

    # The rows as the tables hold them.

    def bed_rows(self) -> list[Row]:
        return [
            {"home_id": self.home_id, "bed_type": bed_type, "free": free}
            for bed_type, free in self.beds.items()
        ]

    def load(
        self, home: Row | None, beds: list[Row], reservations: list[Row], postcodes: list[Row]
    ) -> None:
        """Start from rows read back from the tables (the live path)."""
        self.home = home
        self.beds = {b["bed_type"]: b["free"] for b in beds}
        self.reservations = {r["reservation_id"]: r for r in reservations}
        self.postcodes = {p["postcode"]: p for p in postcodes}
