"""A care home on the market register: its registration, quality, free beds and holds.

Every time is passed in: the aggregate never reads a clock. Commands check the rules and
then trigger one past-tense event; the event's body only applies it, so replay is exact.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate, event

from events.bounds.times import CLOCK_SKEW
from services.vacancies.domain.errors import (
    Conflict,
    InvalidInput,
    NoBedAvailable,
    NotTakingPlacements,
    ReservationWithdrawn,
    StaleReport,
    UnknownReservation,
)
from services.vacancies.domain.vocabulary import (
    CareCategory,
    CqcRating,
    Registration,
    Specialism,
    SuspensionReason,
    bed_types_for,
    parse_all,
    parse_bed_type,
)

NAMESPACE = uuid.UUID("a3f6f0d2-3c1b-4d8e-9a57-2f1e0c9b7d64")


def care_home_id(cqc_location_id: str) -> uuid.UUID:
    """One id per CQC location, so registering a location twice collides."""
    return uuid.uuid5(NAMESPACE, cqc_location_id.strip().upper())


@dataclass
class Hold:
    """A bed held for a placement. `status`: held, released, expired or occupied."""

    bed_type: str
    reference: str
    reserved_by: str
    expires_at: datetime
    status: str = "held"

    def in_force(self, now: datetime) -> bool:
        return self.status == "held" and self.expires_at > now


def _check_place(name: str | None, latitude: float | None, longitude: float | None) -> None:
    if name is not None and not name.strip():
        raise InvalidInput("name", "must not be blank")
    if latitude is not None and not -90 <= latitude <= 90:
        raise InvalidInput("latitude", "must be between -90 and 90")
    if longitude is not None and not -180 <= longitude <= 180:
        raise InvalidInput("longitude", "must be between -180 and 180")


class CareHome(Aggregate):
    @staticmethod
    def create_id(cqc_location_id: str, **_: object) -> uuid.UUID:  # type: ignore[override]
        return care_home_id(cqc_location_id)

    @classmethod
    def register(
        cls,
        *,
        cqc_location_id: str,
        name: str,
        provider_id: str,
        local_authority_code: str,
        local_authority_name: str,
        locality: str,
        postcode: str,
        latitude: float,
        longitude: float,
        registered_beds: int,
        registrations: list[str],
        care_categories: list[str],
        specialisms: list[str],
        occurred_at: datetime,
    ) -> CareHome:
        _check_place(name, latitude, longitude)
        if registered_beds <= 0:
            raise InvalidInput("registered_beds", "must be at least 1")
        if not registrations:
            raise InvalidInput(
                "registrations", "a home is registered for residential or nursing care"
            )
        if not care_categories:
            raise InvalidInput("care_categories", "name at least one care category")
        return cls(
            cqc_location_id=cqc_location_id,
            name=name.strip(),
            provider_id=provider_id,
            local_authority_code=local_authority_code,
            local_authority_name=local_authority_name,
            locality=locality,
            postcode=postcode,
            latitude=latitude,
            longitude=longitude,
            registered_beds=registered_beds,
            registrations=parse_all(Registration, registrations, "registrations"),
            care_categories=parse_all(CareCategory, care_categories, "care_categories"),
            specialisms=parse_all(Specialism, specialisms, "specialisms"),
            occurred_at=occurred_at,
        )

    @event("Registered")
    def __init__(
        self,
        *,
        cqc_location_id: str,
        name: str,
        provider_id: str,
        local_authority_code: str,
        local_authority_name: str,
        locality: str,
        postcode: str,
        latitude: float,
        longitude: float,
        registered_beds: int,
        registrations: list[str],
        care_categories: list[str],
        specialisms: list[str],
        occurred_at: datetime,
    ) -> None:
        self.cqc_location_id = cqc_location_id
        self.name = name
        self.provider_id = provider_id
        self.local_authority_code = local_authority_code
        self.local_authority_name = local_authority_name
        self.locality = locality
        self.postcode = postcode
        self.latitude = latitude
        self.longitude = longitude
        self.registered_beds = registered_beds
        self.registrations = list(registrations)
        self.care_categories = list(care_categories)
        self.specialisms = list(specialisms)
        self.rating: str | None = None
        self.rated_on: str | None = None
        self.suspension_reason: str | None = None  # suspended for every council
        self.suspended_by: dict[str, str] = {}  # council -> reason: its own placements only
        self.closing_on: str | None = None
        self.free_beds: dict[str, int] = {}
        self.last_reported_at: datetime | None = None
        self.last_report: dict[str, int] = {}  # as reported (holds and admissions change free_beds)
        self.holds: dict[uuid.UUID, Hold] = {}
        # Reservation ids that never held a bed: released before they were asked for (a
        # tombstone, so a late request is refused), or refused when asked for.
        self.withdrawn: set[uuid.UUID] = set()
        self.refused: set[uuid.UUID] = set()

    # -- queries -----------------------------------------------------------------------

    REGISTERED = (
        "cqc_location_id", "name", "provider_id", "local_authority_code",
        "local_authority_name", "locality", "postcode", "latitude", "longitude",
        "registered_beds", "registrations", "care_categories", "specialisms",
    )  # fmt: skip

    def registered_as(self, other: CareHome) -> bool:
        """Whether `other` (a new registration of the same CQC location) says what this home
        says of itself: a retried registration, not a clash."""
        return all(getattr(self, a) == getattr(other, a) for a in self.REGISTERED)

    @property
    def is_suspended(self) -> bool:
        return self.suspension_reason is not None

    @property
    def is_closing(self) -> bool:
        return self.closing_on is not None

    @property
    def bed_types(self) -> set[str]:
        return bed_types_for(self.registrations, self.care_categories)

    def available_beds(self, now: datetime) -> dict[str, int]:
        """Reported free beds less the holds still in force: what can be placed into now."""
        available = {
            bed_type: self.free_beds.get(bed_type, 0) for bed_type in sorted(self.bed_types)
        }
        for hold in self.holds.values():
            if hold.in_force(now) and hold.bed_type in available:
                available[hold.bed_type] -= 1
        return {k: max(v, 0) for k, v in available.items()}

    def reservation(self, reservation_id: uuid.UUID) -> Hold:
        try:
            return self.holds[reservation_id]
        except KeyError:
            raise UnknownReservation(f"no reservation {reservation_id} at this home") from None

    def active_reservations(self, now: datetime) -> dict[uuid.UUID, Hold]:
        return {rid: h for rid, h in self.holds.items() if h.in_force(now)}

    # -- details, quality and status ---------------------------------------------------

    def change_details(
        self,
        *,
        occurred_at: datetime,
        name: str | None = None,
        locality: str | None = None,
        postcode: str | None = None,
        latitude: float | None = None,
        longitude: float | None = None,
        registered_beds: int | None = None,
        registrations: list[str] | None = None,
        care_categories: list[str] | None = None,
        specialisms: list[str] | None = None,
    ) -> None:
        _check_place(name, latitude, longitude)
        if registered_beds is not None and registered_beds < sum(self.free_beds.values()):
            raise InvalidInput("registered_beds", "fewer than the beds reported free")
        if registrations is not None:
            registrations = parse_all(Registration, registrations, "registrations") or None
            if registrations is None:
                raise InvalidInput(
                    "registrations", "a home is registered for residential or nursing care"
                )
        if care_categories is not None:
            care_categories = parse_all(CareCategory, care_categories, "care_categories") or None
            if care_categories is None:
                raise InvalidInput("care_categories", "name at least one care category")
        if specialisms is not None:
            specialisms = parse_all(Specialism, specialisms, "specialisms")
        self._details_changed(
            name=name,
            locality=locality,
            postcode=postcode,
            latitude=latitude,
            longitude=longitude,
            registered_beds=registered_beds,
            registrations=registrations,
            care_categories=care_categories,
            specialisms=specialisms,
            occurred_at=occurred_at,
        )

    @event("DetailsChanged")
    def _details_changed(
        self,
        *,
        name: str | None,
        locality: str | None,
        postcode: str | None,
        latitude: float | None,
        longitude: float | None,
        registered_beds: int | None,
        registrations: list[str] | None,
        care_categories: list[str] | None,
        specialisms: list[str] | None,
        occurred_at: datetime,
    ) -> None:
        changes = dict(
            name=name,
            locality=locality,
            postcode=postcode,
            latitude=latitude,
            longitude=longitude,
            registered_beds=registered_beds,
            registrations=registrations,
            care_categories=care_categories,
            specialisms=specialisms,
        )
        for attribute, value in changes.items():
            if value is not None:
                setattr(self, attribute, value)
        # Bed types the home no longer offers have no free beds.
        self.free_beds = {k: v for k, v in self.free_beds.items() if k in self.bed_types}

    def change_rating(self, *, rating: str, rated_on: str, occurred_at: datetime) -> None:
        try:
            rating = CqcRating(rating).value
        except ValueError:
            raise InvalidInput("rating", f"{rating!r} is not a CQC rating") from None
        _parse_date(rated_on, "rated_on")
        if (rating, rated_on) == (self.rating, self.rated_on):
            return  # the same rating again (a retried command): nothing new
        self._rating_changed(rating=rating, rated_on=rated_on, occurred_at=occurred_at)
        # Policy: a home rated Inadequate stops taking new placements at once.
        if rating == CqcRating.INADEQUATE and not self.is_suspended:
            self._placements_suspended(
                reason=SuspensionReason.CQC_INADEQUATE.value,
                note=f"rated Inadequate on {rated_on}",
                council_code=None,  # the regulator's finding stops every council's placements
                occurred_at=occurred_at,
            )

    @event("RatingChanged")
    def _rating_changed(self, *, rating: str, rated_on: str, occurred_at: datetime) -> None:
        self.rating = rating
        self.rated_on = rated_on

    def suspended_for(self, council_code: str | None) -> bool:
        """Whether the home takes no new placements of `council_code` (None: of every
        council, i.e. the whole home is suspended)."""
        return self.is_suspended or (council_code is not None and council_code in self.suspended_by)

    def suspend_placements(
        self, *, reason: str, note: str, occurred_at: datetime, council_code: str | None = None
    ) -> None:
        """A council's commissioning decision (`council_code`): no new placements of its own
        at this home; other councils' stand. None: for every council (the CQC's Inadequate,
        or an administrator acting for all)."""
        try:
            reason = SuspensionReason(reason).value
        except ValueError:
            raise InvalidInput("reason", f"{reason!r} is not a suspension reason") from None
        if council_code is None and self.is_suspended:
            raise Conflict(f"placements are already suspended ({self.suspension_reason})")
        if council_code is not None and council_code in self.suspended_by:
            reason_held = self.suspended_by[council_code]
            raise Conflict(f"{council_code} has already suspended placements ({reason_held})")
        self._placements_suspended(
            reason=reason, note=note, council_code=council_code, occurred_at=occurred_at
        )

    class PlacementsSuspended(Aggregate.Event):
        """Version 2 names the council whose placements stop (None: every council's)."""

        class_version = 2
        reason: str
        note: str
        council_code: str | None
        occurred_at: datetime

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            # version 1 was the host council's suspension of the whole home: for everyone
            state["council_code"] = None

    @event(PlacementsSuspended)
    def _placements_suspended(
        self, *, reason: str, note: str, council_code: str | None, occurred_at: datetime
    ) -> None:
        if council_code is None:
            self.suspension_reason = reason
        else:
            self.suspended_by[council_code] = reason

    def resume_placements(
        self, *, note: str, occurred_at: datetime, council_code: str | None = None
    ) -> None:
        """Lift a suspension: a council's own (`council_code`), or the one for every council
        (None), which an Inadequate rating keeps until a new rating."""
        if council_code is not None and council_code not in self.suspended_by:
            raise Conflict(f"{council_code} has not suspended placements at this home")
        if council_code is None:
            if not self.is_suspended:
                raise Conflict("placements are not suspended for every council")
            if self.rating == CqcRating.INADEQUATE:
                raise Conflict("the home is still rated Inadequate: a new rating must come first")
        self._placements_resumed(note=note, council_code=council_code, occurred_at=occurred_at)

    class PlacementsResumed(Aggregate.Event):
        """Version 2 names the council whose suspension is lifted (None: every council's)."""

        class_version = 2
        note: str
        council_code: str | None
        occurred_at: datetime

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["council_code"] = None  # version 1 lifted the whole home's suspension

    @event(PlacementsResumed)
    def _placements_resumed(
        self, *, note: str, council_code: str | None, occurred_at: datetime
    ) -> None:
        if council_code is None:
            self.suspension_reason = None
        else:
            self.suspended_by.pop(council_code, None)

    def announce_closure(self, *, closing_on: str, occurred_at: datetime) -> None:
        _parse_date(closing_on, "closing_on")
        if self.is_closing:
            raise Conflict(f"closure already announced for {self.closing_on}")
        self._closure_announced(closing_on=closing_on, occurred_at=occurred_at)

    @event("ClosureAnnounced")
    def _closure_announced(self, *, closing_on: str, occurred_at: datetime) -> None:
        self.closing_on = closing_on

    # -- vacancies and holds -----------------------------------------------------------

    def report_vacancies(
        self, *, free_beds: dict[str, int], reported_at: datetime, now: datetime | None = None
    ) -> None:
        """A full snapshot: bed types left out have no free bed. `now` (the present, when
        known) refuses a report from the future, and stops one already held from an older
        log (dated years ahead by a typo) from locking the home out of reporting."""
        if now is not None and reported_at > now + CLOCK_SKEW:
            raise InvalidInput("reported_at", "is in the future")
        for bed_type, count in free_beds.items():
            parse_bed_type(bed_type, f"free_beds.{bed_type}")
            if bed_type not in self.bed_types:
                raise InvalidInput(
                    f"free_beds.{bed_type}", "the home is not registered for this bed type"
                )
            if count < 0:
                raise InvalidInput(f"free_beds.{bed_type}", "cannot be negative")
        if sum(free_beds.values()) > self.registered_beds:
            raise InvalidInput(
                "free_beds", f"more free beds than the {self.registered_beds} registered"
            )
        held = self.last_reported_at
        if held is not None and now is not None and held > now + CLOCK_SKEW:
            held = None  # a date that has not come yet is no newer report to defer to
        if held is not None and reported_at < held:
            raise StaleReport(f"a newer report ({held.isoformat()}) is already held")
        snapshot = {k: v for k, v in sorted(free_beds.items()) if v > 0}
        if reported_at == self.last_reported_at and snapshot == self.last_report:
            return  # the same report again (a retried command): holds taken since must stand
        self._vacancies_reported(
            reported_at=reported_at, free_beds=snapshot, occurred_at=reported_at
        )

    @event("VacanciesReported")
    def _vacancies_reported(
        self, *, reported_at: datetime, free_beds: dict[str, int], occurred_at: datetime
    ) -> None:
        self.free_beds = dict(free_beds)
        self.last_reported_at = reported_at
        self.last_report = dict(free_beds)

    def reserve_bed(
        self,
        *,
        reservation_id: uuid.UUID,
        bed_type: str,
        reference: str,
        reserved_by: str,
        now: datetime,
        expires_at: datetime,
    ) -> None:
        if reservation_id in self.withdrawn:
            raise ReservationWithdrawn(
                f"reservation {reservation_id} was withdrawn before it was requested"
            )
        if reservation_id in self.refused:
            raise UnknownReservation(f"reservation {reservation_id} was already refused")
        existing = self.holds.get(reservation_id)
        if existing is not None:
            if existing.in_force(now) and existing.bed_type == bed_type:
                return  # a redelivered request: the hold already stands
            raise UnknownReservation(
                f"reservation {reservation_id} was already used ({existing.status})"
            )
        parse_bed_type(bed_type)
        if bed_type not in self.bed_types:
            raise InvalidInput("bed_type", "the home is not registered for this bed type")
        if self.is_suspended:
            raise NotTakingPlacements(f"placements are suspended ({self.suspension_reason})")
        if reserved_by in self.suspended_by:  # the bed is held for that council's placement
            held = self.suspended_by[reserved_by]
            raise NotTakingPlacements(f"{reserved_by} has suspended placements here ({held})")
        if self.is_closing:
            raise NotTakingPlacements(f"the home is closing on {self.closing_on}")
        if expires_at <= now:
            raise InvalidInput("hold_hours", "a hold must end after it starts")
        self.expire_reservations(now=now)
        if self.available_beds(now).get(bed_type, 0) < 1:
            raise NoBedAvailable(f"no {bed_type} bed is free at {self.name}")
        self._bed_reserved(
            reservation_id=reservation_id,
            bed_type=bed_type,
            reference=reference,
            reserved_by=reserved_by,
            expires_at=expires_at,
            occurred_at=now,
        )

    @event("BedReserved")
    def _bed_reserved(
        self,
        *,
        reservation_id: uuid.UUID,
        bed_type: str,
        reference: str,
        reserved_by: str,
        expires_at: datetime,
        occurred_at: datetime,
    ) -> None:
        self.holds[reservation_id] = Hold(bed_type, reference, reserved_by, expires_at)

    def expire_reservations(self, *, now: datetime) -> None:
        for reservation_id, hold in sorted(self.holds.items(), key=lambda kv: kv[1].expires_at):
            if hold.status == "held" and hold.expires_at <= now:
                self._reservation_expired(
                    reservation_id=reservation_id, occurred_at=hold.expires_at
                )

    @event("ReservationExpired")
    def _reservation_expired(self, *, reservation_id: uuid.UUID, occurred_at: datetime) -> None:
        self.holds[reservation_id].status = "expired"

    def release_reservation(self, *, reservation_id: uuid.UUID, reason: str, now: datetime) -> None:
        hold = self.reservation(reservation_id)
        if hold.status == "released":
            return  # a repeated release changes nothing
        if hold.status != "held":
            raise UnknownReservation(f"reservation {reservation_id} is {hold.status}")
        self._reservation_released(reservation_id=reservation_id, reason=reason, occurred_at=now)

    def withdraw_reservation(
        self, *, reservation_id: uuid.UUID, reason: str, now: datetime
    ) -> None:
        """The placement no longer needs the hold (declined, failed or cancelled offer).

        Unlike `release_reservation` it never refuses: a hold that already ended stays as it
        is, and an id the home has never held is remembered (a released tombstone), so a
        reservation request that arrives after its withdrawal is refused, not held.
        """
        if reservation_id in self.withdrawn or reservation_id in self.refused:
            return
        hold = self.holds.get(reservation_id)
        if hold is not None and hold.status != "held":
            return  # released, expired or occupied: nothing left to free
        self._reservation_released(reservation_id=reservation_id, reason=reason, occurred_at=now)

    @event("ReservationReleased")
    def _reservation_released(
        self, *, reservation_id: uuid.UUID, reason: str, occurred_at: datetime
    ) -> None:
        hold = self.holds.get(reservation_id)
        if hold is None:
            self.withdrawn.add(reservation_id)
        else:
            hold.status = "released"

    def refuse_reservation(
        self,
        *,
        reservation_id: uuid.UUID,
        bed_type: str,
        reference: str,
        reserved_by: str,
        reason: str,
        now: datetime,
    ) -> None:
        """Answer a reservation request that `reserve_bed` would not hold."""
        if reservation_id in self.refused:
            return  # a repeated request keeps its first answer
        hold = self.holds.get(reservation_id)
        if hold is not None and hold.in_force(now):
            raise Conflict(f"reservation {reservation_id} holds a bed: release it instead")
        self._reservation_refused(
            reservation_id=reservation_id,
            bed_type=bed_type,
            reference=reference,
            reserved_by=reserved_by,
            reason=reason,
            occurred_at=now,
        )

    @event("ReservationRefused")
    def _reservation_refused(
        self,
        *,
        reservation_id: uuid.UUID,
        bed_type: str,
        reference: str,
        reserved_by: str,
        reason: str,
        occurred_at: datetime,
    ) -> None:
        self.refused.add(reservation_id)

    def occupy_bed(self, *, reservation_id: uuid.UUID, now: datetime) -> None:
        hold = self.reservation(reservation_id)
        if hold.status == "occupied":
            return  # a repeated admission changes nothing
        # A hold that lapsed by time can still be converted: the person arrived late and now
        # fills a bed. One that was released (the offer fell through) cannot.
        if hold.status not in ("held", "expired"):
            raise UnknownReservation(f"reservation {reservation_id} is no longer held")
        self._bed_occupied(reservation_id=reservation_id, occurred_at=now)

    @event("BedOccupied")
    def _bed_occupied(self, *, reservation_id: uuid.UUID, occurred_at: datetime) -> None:
        hold = self.holds[reservation_id]
        hold.status = "occupied"
        # The person now fills a bed that the last report counted free.
        self.free_beds[hold.bed_type] = max(self.free_beds.get(hold.bed_type, 0) - 1, 0)


def _parse_date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, f"{value!r} is not a date (YYYY-MM-DD)") from None
