"""A council's request for a package of home care for one person, from request to the first
call (discharge pathway 1; docs/home-care.md tells its stages).

Every time is passed in (no clock). Every published event carries the request's episode id
and council. Invariants: no offer before the care needed is known; no offer to an agency
that is suspended, off the council's market or without the service; one open offer per
agency; hours held only at an agency that accepted, one hold live at a time; held hours are
released whenever the package falls through (the published events tell the vacancies
service, which alone decides whether hours can be held).

This module holds the aggregate and its events, each with how it changes the request. The
events are stored under the topic `services.broker.domain.package_request:
PackageRequest.<Event>`: their names, their place here and their attributes must not change.
The commands that decide them are grouped in `package_needs`, `package_round` and
`package_hours`; the parts shared with a bed request are the referral round, the hold saga,
coded answers and the stage bookkeeping.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate, event

from services.broker.domain.answers import Answer
from services.broker.domain.care_needed import CareNeeded, check_care
from services.broker.domain.errors import InvalidInput
from services.broker.domain.hold import Holds
from services.broker.domain.package_hours import PackageHours
from services.broker.domain.package_needs import PackageNeeds
from services.broker.domain.package_round import PackageRound
from services.broker.domain.package_state import (
    AboutAnAgencyOffer,
    AboutHours,
    AgencyStatus,
    HoursFellThrough,
    HoursHold,
    PackagePublished,
)
from services.broker.domain.package_words import PackageStage
from services.broker.domain.referral_round import ReferralRound
from services.broker.domain.vocabulary import Location, Urgency, parse

__all__ = ["AgencyStatus", "HoursHold", "PackageRequest", "package_id_for_episode"]

NAMESPACE = uuid.UUID("6f2b8d14-9e3a-4c7b-b05d-1a8e3f6c2d97")  # not the bed request's
CARE_FIELDS = (
    "calls_a_day", "call_bands", "minutes_a_call", "double_handed", "service", "start_on", "zone",
)  # fmt: skip


def package_id_for_episode(episode_id: uuid.UUID) -> uuid.UUID:
    """The package request opened automatically for a hospital episode: one per episode."""
    return uuid.uuid5(NAMESPACE, f"episode:{episode_id}")


def _no_care() -> dict[str, Any]:
    return dict.fromkeys(CARE_FIELDS)


class PackageRequest(PackageNeeds, PackageRound, PackageHours, Aggregate):
    """A council's request for home care for one person (see the module's doc)."""

    CLOSED_STAGES = (PackageStage.STARTED.value, PackageStage.CANCELLED.value)
    NEEDS_DETAILS = PackageStage.NEEDS_DETAILS.value
    SEEKING = PackageStage.SOURCING.value
    INTERIM = PackageStage.SOURCING.value  # a person is never placed for now with a package

    @classmethod
    def open(
        cls,
        *,
        request_id: uuid.UUID,
        council_code: str,
        episode_id: uuid.UUID | None,
        location: str,
        urgency: str,
        occurred_at: datetime,
        care: dict[str, Any] | None = None,
        council_zones: frozenset[str] = frozenset(),
        follows: uuid.UUID | None = None,
    ) -> PackageRequest:
        """A request with its care known is sourcing at once; one opened from the ward before
        anyone said what care is needed starts as `needs_details`. `follows`: the request
        this one follows (a long-term package after reablement)."""
        if not council_code.strip():
            raise InvalidInput("council_code", "must not be blank")
        checked = (
            check_care(**care, council_zones=council_zones, asked_at=occurred_at)
            if care is not None
            else None
        )
        return cls(
            request_id=request_id,
            council_code=council_code.strip(),
            episode_id=episode_id,
            location=parse(Location, location, "location").value,
            urgency=parse(Urgency, urgency, "urgency").value,
            follows=follows,
            status=(PackageStage.SOURCING if checked else PackageStage.NEEDS_DETAILS).value,
            occurred_at=occurred_at,
            **(checked.as_fields() if checked else _no_care()),
        )

    @staticmethod
    def create_id(request_id: uuid.UUID, **_: Any) -> uuid.UUID:  # type: ignore[override]
        return request_id

    @event("PackageRequested")
    def __init__(
        self,
        *,
        request_id: uuid.UUID,
        council_code: str,
        episode_id: uuid.UUID | None,
        location: str,
        urgency: str,
        follows: uuid.UUID | None,
        status: str,
        occurred_at: datetime,
        calls_a_day: int | None,
        call_bands: list[str] | None,
        minutes_a_call: int | None,
        double_handed: bool | None,
        service: str | None,
        start_on: str | None,
        zone: str | None,
    ) -> None:
        self.council_code = council_code
        self.episode_id = episode_id
        self.location = location
        self.urgency = urgency
        self.follows = follows
        self.stage = status
        self.requested_at = occurred_at
        fields = {
            "calls_a_day": calls_a_day, "call_bands": call_bands,
            "minutes_a_call": minutes_a_call, "double_handed": double_handed,
            "service": service, "start_on": start_on, "zone": zone,
        }  # fmt: skip
        self.care: CareNeeded | None = CareNeeded.of(fields) if calls_a_day else None
        self.offers: ReferralRound = ReferralRound()
        self.holds: Holds[HoursHold] = Holds()
        self.placed_home: uuid.UUID | None = None  # never: see INTERIM
        self.cancel_reason: str | None = None
        self.started_at: datetime | None = None

    # -- the care needed (decided in package_needs.PackageNeeds) ---------------------------

    class PackageNeedsRecorded(PackagePublished):
        calls_a_day: int
        call_bands: list[str]
        minutes_a_call: int
        double_handed: bool
        service: str
        start_on: str
        zone: str
        urgency: str
        occurred_at: datetime

        def apply(self, r: PackageRequest) -> None:
            r.care = CareNeeded.of({f: getattr(self, f) for f in CARE_FIELDS})
            r.urgency = self.urgency
            if r.stage == r.NEEDS_DETAILS:
                r.stage = r.SEEKING

    # -- the events after the first, each with how it changes the request -------------

    class PackageOffered(AboutAnAgencyOffer):
        zone: str
        hours: dict[str, float]
        answer_by: datetime
        occurred_at: datetime

        def apply(self, r: PackageRequest) -> None:
            r.offers.sent(self.offer_id, self.agency_id, self.occurred_at, self.answer_by)

    class PackageOfferAccepted(AboutAnAgencyOffer):
        occurred_at: datetime

        def apply(self, r: PackageRequest) -> None:
            r.offers.answered(self.offer_id, Answer(True), self.occurred_at)

    class PackageOfferDeclined(AboutAnAgencyOffer):
        reason: str
        occurred_at: datetime

        def apply(self, r: PackageRequest) -> None:
            r.offers.answered(self.offer_id, Answer(False, self.reason), self.occurred_at)

    class PackageOfferEscalated(AboutAnAgencyOffer):
        occurred_at: datetime

        def apply(self, r: PackageRequest) -> None:
            r.offers.escalated(self.offer_id)

    class PackageHoursRequested(AboutHours):
        zone: str
        hours: dict[str, float]
        start_on: date
        double_handed: bool
        service: str
        occurred_at: datetime

        def apply(self, r: PackageRequest) -> None:
            r.holds[self.hold_id] = HoursHold(
                self.agency_id, self.zone, dict(self.hours), self.start_on
            )
            r.stage = PackageStage.HOLD_PENDING.value

    class PackageHoursConfirmed(AboutHours):
        occurred_at: datetime

        def apply(self, r: PackageRequest) -> None:
            r.holds.mark(self.hold_id, "confirmed")
            r.stage = PackageStage.OFFERED.value

    class PackageHoursFailed(HoursFellThrough):
        falls_to = "failed"

    class PackageAccepted(AboutHours):
        occurred_at: datetime

        def apply(self, r: PackageRequest) -> None:
            r.holds.mark(self.hold_id, "accepted")
            r.stage = PackageStage.ACCEPTED.value

    class PackageDeclined(HoursFellThrough):
        falls_to = "declined"

    class PackageStartBooked(AboutHours):
        on: date
        occurred_at: datetime

        def apply(self, r: PackageRequest) -> None:
            r.holds.mark(self.hold_id, "booked").booked_on = self.on
            r.stage = PackageStage.START_BOOKED.value

    class PackageStarted(AboutHours):
        agency_name: str
        zone: str
        hours: dict[str, float]
        occurred_at: datetime

        def apply(self, r: PackageRequest) -> None:
            r.holds.mark(self.hold_id, "started")
            r.stage = PackageStage.STARTED.value
            r.started_at = self.occurred_at

    class PackageFellThrough(HoursFellThrough):
        falls_to = "fell_through"

    class PackageHoursReleased(AboutHours):
        """The hold's status was set by the event before it (declined, fell through,
        withdrawn): this one tells the vacancies service to free the hours."""

        reason: str
        occurred_at: datetime

        def apply(self, r: PackageRequest) -> None:
            pass

    class PackageCancelled(PackagePublished):
        reason: str
        hold_id: uuid.UUID | None
        agency_id: uuid.UUID | None
        occurred_at: datetime

        def apply(self, r: PackageRequest) -> None:
            if self.hold_id is not None:
                r.holds.mark(self.hold_id, "withdrawn")
            r.stage = PackageStage.CANCELLED.value
            r.cancel_reason = self.reason

    class PackageReopened(PackagePublished):
        reason: str
        stage: str
        occurred_at: datetime

        def apply(self, r: PackageRequest) -> None:
            r.stage = self.stage
            r.cancel_reason = None
