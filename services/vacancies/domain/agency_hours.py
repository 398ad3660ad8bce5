"""The hours an agency holds for the broker's package requests: the decisions.

A mixin of `HomeCareAgency`: each command checks the agency's state and records one of the
aggregate's events (declared there, with how each changes the state). The agency alone
decides whether hours can be held: its last report in the zone, less what it holds there
already, must cover every band asked for, so two requests racing for the last hours get one
winner and hours are never held twice. A release that arrives before its request is
remembered, so the late request is refused; a repeated request or release changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from eventsourcing.domain import Aggregate

from services.vacancies.domain.capacity import ZoneCapacity
from services.vacancies.domain.errors import Conflict, NotTakingPlacements, UnknownReservation


class NoHoursAvailable(Conflict):
    """The agency's free hours in the zone do not cover what is asked."""


@dataclass
class HeldHours:
    reference: str  # the package request
    council_code: str
    zone: str
    hours: dict[str, float]  # a week, by time band
    start_on: date
    status: str = "held"  # held, released, taken_up


class AgencyHours:
    HoursHeld: ClassVar[type[Aggregate.Event]]
    HoursRefused: ClassVar[type[Aggregate.Event]]
    HoursReleased: ClassVar[type[Aggregate.Event]]
    HoursTakenUp: ClassVar[type[Aggregate.Event]]

    name: str
    zones: list[str]
    services: list[str]
    capacity: dict[str, ZoneCapacity]
    held: dict[uuid.UUID, HeldHours]
    released_early: set[uuid.UUID]  # released before they were asked for
    refused: set[uuid.UUID]

    if TYPE_CHECKING:  # the aggregate provides them

        def trigger_event(self, event_class: type[Any], **kwargs: Any) -> None: ...
        def suspended_for(self, council_code: str | None) -> bool: ...

    def held_hours(self, zone: str, band: str) -> float:
        return sum(
            h.hours.get(band, 0.0)
            for h in self.held.values()
            if h.status == "held" and h.zone == zone
        )

    def hold_hours(
        self,
        *,
        hold_id: uuid.UUID,
        reference: str,
        council_code: str,
        zone: str,
        hours: dict[str, float],
        start_on: date,
        double_handed: bool,
        service: str,
        now: datetime,
    ) -> None:
        """Hold `hours` a week by band in `zone` for a package, or refuse (a Conflict saying
        why, which the saga publishes as the refusal)."""
        if hold_id in self.released_early:
            raise UnknownReservation(f"hold {hold_id} was released before it was asked for")
        if hold_id in self.refused:
            raise UnknownReservation(f"hold {hold_id} was already refused")
        existing = self.held.get(hold_id)
        if existing is not None:
            if existing.status == "held" and existing.hours == hours and existing.zone == zone:
                return  # a redelivered request: the hold already stands
            raise UnknownReservation(f"hold {hold_id} was already used ({existing.status})")
        self._check_can_take(council_code, zone, service, double_handed, start_on)
        report = self.capacity[zone]
        for band, wanted in sorted(hours.items()):
            free = report.hours.get(band, 0.0) - self.held_hours(zone, band)
            if wanted > free + 1e-9:
                raise NoHoursAvailable(
                    f"only {max(free, 0):g} hours a week free in the {band} band "
                    f"in {zone} at {self.name} ({wanted:g} asked)"
                )
        self.trigger_event(
            self.HoursHeld,
            hold_id=hold_id,
            reference=reference,
            council_code=council_code,
            zone=zone,
            hours=dict(hours),
            start_on=start_on,
            occurred_at=now,
        )

    def _check_can_take(
        self, council: str, zone: str, service: str, double_handed: bool, start_on: date
    ) -> None:
        if self.suspended_for(council):
            raise NotTakingPlacements(f"{self.name} takes no new packages of {council}")
        if zone not in self.zones:
            raise Conflict(f"{self.name} does not serve {zone}")
        if service not in self.services:
            raise Conflict(f"{self.name} does not provide {service.replace('_', '-')} care")
        report = self.capacity.get(zone)
        if report is None:
            raise NoHoursAvailable(f"{self.name} has reported no capacity in {zone}")
        if double_handed and not report.double_handed:
            raise Conflict(f"{self.name} cannot staff double-handed calls in {zone}")
        if report.available_from > start_on:
            raise NoHoursAvailable(
                f"{self.name} can start in {zone} from {report.available_from.isoformat()}"
            )

    def refuse_hours(
        self, *, hold_id: uuid.UUID, reference: str, council_code: str, reason: str, now: datetime
    ) -> None:
        """Answer a request that `hold_hours` would not hold."""
        if hold_id in self.refused:
            return  # a repeated request keeps its first answer
        existing = self.held.get(hold_id)
        if existing is not None and existing.status == "held":
            raise Conflict(f"hold {hold_id} holds hours: release it instead")
        self.trigger_event(
            self.HoursRefused,
            hold_id=hold_id,
            reference=reference,
            council_code=council_code,
            reason=reason,
            occurred_at=now,
        )

    def release_hours(self, *, hold_id: uuid.UUID, reason: str, now: datetime) -> None:
        """The package no longer needs the hours. Never refuses: a hold that already ended
        stays as it is, and one never asked for is remembered."""
        if hold_id in self.released_early or hold_id in self.refused:
            return
        existing = self.held.get(hold_id)
        if existing is not None and existing.status != "held":
            return  # released or taken up: nothing left to free
        self.trigger_event(self.HoursReleased, hold_id=hold_id, reason=reason, occurred_at=now)

    def take_up_hours(self, *, hold_id: uuid.UUID, now: datetime) -> None:
        """The package started: the held hours become the agency's work."""
        existing = self.held.get(hold_id)
        if existing is None or existing.status not in ("held", "taken_up"):
            status = existing.status if existing else "unknown"
            raise UnknownReservation(f"hold {hold_id} is not held here ({status})")
        if existing.status == "taken_up":
            return  # a repeated start changes nothing
        self.trigger_event(
            self.HoursTakenUp,
            hold_id=hold_id,
            zone=existing.zone,
            hours=dict(existing.hours),
            occurred_at=now,
        )
