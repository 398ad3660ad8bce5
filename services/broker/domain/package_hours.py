"""A package request's hold of hours at an agency, the person's choice and the start: the
decisions.

A mixin of `PackageRequest`: each command checks the request's state and records one of the
aggregate's events (declared there). The hours are held through the vacancies service by the
shared `hold` saga, as a bed is: asked for (`PackageHoursRequested`), then held or refused by
the agency's service. Whatever ends a hold that may hold hours (the person declines, the
package falls through, the request is cancelled) records `PackageHoursReleased` too, the one
event the vacancies service frees hours on.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from services.broker.domain import hold
from services.broker.domain.answers import coded
from services.broker.domain.errors import Conflict, WrongStage
from services.broker.domain.hold import Move
from services.broker.domain.package_state import (
    AgencyStatus,
    HoursHold,
    PackagePublished,
    PackageRequestState,
)
from services.broker.domain.package_words import FallThrough, PersonDecline

BOOK_START = Move("booked", ("accepted",), ", not accepted")
START = Move("started", ("accepted", "booked"), ": the person must accept it before it starts")
FALL_THROUGH = Move("fell_through", ("confirmed", "accepted", "booked"), "")


class PackageHours(PackageRequestState):
    PackageHoursRequested: ClassVar[type[PackagePublished]]
    PackageHoursConfirmed: ClassVar[type[PackagePublished]]
    PackageHoursFailed: ClassVar[type[PackagePublished]]
    PackageAccepted: ClassVar[type[PackagePublished]]
    PackageDeclined: ClassVar[type[PackagePublished]]
    PackageStartBooked: ClassVar[type[PackagePublished]]
    PackageStarted: ClassVar[type[PackagePublished]]
    PackageFellThrough: ClassVar[type[PackagePublished]]
    PackageHoursReleased: ClassVar[type[PackagePublished]]

    def _record_about(
        self, event_class: type[PackagePublished], hold_id: uuid.UUID, **attributes: Any
    ) -> None:
        """Record an event about one hold: its id and its agency go with every one."""
        agency_id = self.holds[hold_id].agency_id
        self._record(event_class, hold_id=hold_id, agency_id=agency_id, **attributes)

    def _release(self, hold_id: uuid.UUID, reason: str, at: datetime) -> None:
        self._record_about(self.PackageHoursReleased, hold_id, reason=reason, occurred_at=at)

    def hold_hours(
        self, *, hold_id: uuid.UUID, agency: AgencyStatus, occurred_at: datetime
    ) -> None:
        """Ask (through the vacancies service) an agency that accepted the package to hold
        its hours: after a fall-through, the next agency that accepted."""
        care = self._needs()
        if hold_id in self.holds:
            return  # the same hold again: a retried command
        if not any(
            r.home_id == agency.agency_id and r.status == "accepted" for r in self.offers.values()
        ):
            raise WrongStage(f"{agency.name} has not accepted the package")
        self._must_take_packages(agency, care.service)
        self._ask_hours(hold_id, agency.agency_id, occurred_at)

    def _ask_hours(self, hold_id: uuid.UUID, agency_id: uuid.UUID, at: datetime) -> None:
        if self.holds.live() is not None:
            raise Conflict("another agency's hours are still held or asked for: release them first")
        care = self._needs()
        self._record(
            self.PackageHoursRequested,
            hold_id=hold_id,
            agency_id=agency_id,
            zone=care.zone,
            hours=care.weekly_hours(),
            start_on=care.start_on,
            double_handed=care.double_handed,
            service=care.service,
            occurred_at=at,
        )

    def hours_held(self, *, hold_id: uuid.UUID, occurred_at: datetime) -> bool:
        """The vacancies service held the hours. A late or repeated answer changes nothing."""
        if self.holds.awaiting_answer(hold_id, self.closed) is None:
            return False
        self._record_about(self.PackageHoursConfirmed, hold_id, occurred_at=occurred_at)
        return True

    def hours_refused(self, *, hold_id: uuid.UUID, reason: str, occurred_at: datetime) -> bool:
        """The vacancies service could not hold the hours: sourcing goes on."""
        if self.holds.awaiting_answer(hold_id, self.closed) is None:
            return False
        self._record_about(self.PackageHoursFailed, hold_id, reason=reason, occurred_at=occurred_at)
        return True

    def accept_package(self, *, hold_id: uuid.UUID, occurred_at: datetime) -> None:
        """The person (or family) accepts the package held for them."""
        self._must_be_open()
        if self.holds.moving(hold_id, hold.ACCEPT) is None:
            return  # accepted already: a retried command
        self._record_about(self.PackageAccepted, hold_id, occurred_at=occurred_at)

    def decline_package(self, *, hold_id: uuid.UUID, reason: str, occurred_at: datetime) -> None:
        """The person (or family) declines; the held hours are released."""
        self._must_be_open()
        if self.holds.moving(hold_id, hold.DECLINE) is None:
            return  # declined already: a retried command
        code = coded(PersonDecline, reason)
        self._record_about(self.PackageDeclined, hold_id, reason=code, occurred_at=occurred_at)
        self._release(hold_id, f"declined by the person: {code}", occurred_at)

    def book_start(self, *, hold_id: uuid.UUID, on: date, occurred_at: datetime) -> None:
        """The day of the first call, agreed with the agency."""
        self._must_be_open()
        if self.holds.moving(hold_id, BOOK_START, lambda h: h.booked_on == on) is None:
            return  # the same booking again: a retried command
        self._record_about(self.PackageStartBooked, hold_id, on=on, occurred_at=occurred_at)

    def start(self, *, hold_id: uuid.UUID, agency_name: str, occurred_at: datetime) -> None:
        """The first call happened: the person is home with the care, the request closes."""
        done = self.holds.get(hold_id)
        if done is not None and done.status == "started":
            return  # started already (the request is closed by it): a retried command
        self._must_be_open()
        held = self.holds.moving(hold_id, START)
        assert held is not None  # the same start again returned above
        self._record_about(
            self.PackageStarted,
            hold_id,
            agency_name=agency_name,
            zone=held.zone,
            hours=dict(held.hours),
            occurred_at=occurred_at,
        )

    def fall_through(self, *, hold_id: uuid.UUID, reason: str, occurred_at: datetime) -> None:
        """The package agreed with the agency will not start: its hours are released and
        sourcing goes on."""
        self._must_be_open()
        if self.holds.moving(hold_id, FALL_THROUGH) is None:
            return  # fell through already: a retried command
        code = coded(FallThrough, reason)
        self._record_about(self.PackageFellThrough, hold_id, reason=code, occurred_at=occurred_at)
        self._release(hold_id, f"fell through: {code}", occurred_at)

    def lapse_if_not_started(
        self, *, today: date, grace_days: int, occurred_at: datetime
    ) -> uuid.UUID | None:
        """Hours held for a package still not started `grace_days` after the day it was due
        (its first call booked, else the care's start date) go back to the agency: the
        package falls through as `not_started` and sourcing goes on, as a bed hold expires.
        Returns the lapsed hold, or None when nothing is overdue."""
        live = self.holds.live()
        if live is None or self.closed or live[1].status not in FALL_THROUGH.start:
            return None  # nothing held, or held hours not answered yet
        hold_id, held = live
        due = held.booked_on or self._needs().start_on
        if today <= due + timedelta(days=grace_days):
            return None
        self.fall_through(hold_id=hold_id, reason=FallThrough.NOT_STARTED, occurred_at=occurred_at)
        return hold_id

    def live_hold(self) -> tuple[uuid.UUID, HoursHold] | None:
        return self.holds.live()
