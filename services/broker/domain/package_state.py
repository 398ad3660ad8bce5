"""What the commands of a home care package request share.

The state they read (set only by the aggregate's events), what every event it publishes
carries (`PackagePublished`, and the bases of events about one offer to an agency or one
hold of hours), the agency as the broker's own agency book sees it and the hours held. The
aggregate is `package_request.PackageRequest`; its commands are grouped in `package_round`
(offers to agencies) and `package_hours` (the hold, the person's choice, the start).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from eventsourcing.domain import Aggregate

from services.broker.domain.care_needed import CareNeeded
from services.broker.domain.errors import Conflict
from services.broker.domain.hold import Holds
from services.broker.domain.referral_round import ReferralRound
from services.broker.domain.stages import StagedRequest


class PackagePublished(Aggregate.Event):
    """What every event of a package request after the first carries for the other services:
    the hospital episode (the discharge service sets the delay reason from it) and the council
    (the delay's owner)."""

    episode_id: uuid.UUID | None
    council_code: str


class AboutAnAgencyOffer(PackagePublished):
    offer_id: str  # the referral id of the round
    agency_id: uuid.UUID


class AboutHours(PackagePublished):
    hold_id: uuid.UUID
    agency_id: uuid.UUID


class HoursFellThrough(AboutHours):
    """The agency could not hold the hours, or the person declined them, or the package fell
    through before it started: sourcing goes on."""

    reason: str
    occurred_at: datetime
    falls_to: ClassVar[str]  # the hold's status after it: a class constant, not stored

    def apply(self, request: PackageRequestState) -> None:
        request.holds.mark(self.hold_id, self.falls_to)
        request.stage = request._seeking_stage()


@dataclass(frozen=True)
class AgencyStatus:
    """What the broker's own agency book says of an agency when it acts."""

    agency_id: uuid.UUID
    name: str
    provider_id: str
    council_code: str  # the market it is on
    taking_packages: bool  # not suspended (for all, or for the council asking)
    services: frozenset[str]
    zones: frozenset[str]


@dataclass
class HoursHold:
    """Hours a week held (or asked for) at an agency for this person."""

    home_id: uuid.UUID  # the agency: `hold.Held` names the provider so
    zone: str
    hours: dict[str, float]  # by time band
    start_on: date
    status: str = "requested"  # see hold.Held; `started` where a bed is `admitted`
    booked_on: date | None = None  # the first call booked: a retried booking is the same one

    @property
    def agency_id(self) -> uuid.UUID:
        return self.home_id


class PackageRequestState(StagedRequest):
    """The package request's state its commands read, and how they record an event."""

    council_code: str
    episode_id: uuid.UUID | None
    care: CareNeeded | None
    offers: ReferralRound  # the package offered to agencies, each with its deadline
    holds: Holds[HoursHold]
    cancel_reason: str | None

    if TYPE_CHECKING:  # the aggregate (an eventsourcing Aggregate) provides it
        id: uuid.UUID

        def trigger_event(self, event_class: type[Any], **kwargs: Any) -> None: ...

    def _record(self, event_class: type[PackagePublished], **attributes: Any) -> None:
        """Record an event with what every published event carries."""
        about = {"episode_id": self.episode_id, "council_code": self.council_code}
        self.trigger_event(event_class, **about | attributes)

    def _needs(self) -> CareNeeded:
        self._must_have_details()
        assert self.care is not None  # the stage after needs_details has them
        return self.care

    def _must_take_packages(self, agency: AgencyStatus, service: str) -> None:
        if agency.council_code != self.council_code:
            raise Conflict(f"{agency.name} is not on {self.council_code}'s home care market")
        if not agency.taking_packages:
            raise Conflict(f"{agency.name} is not taking new packages (suspended)")
        if service not in agency.services:
            raise Conflict(f"{agency.name} does not provide {service.replace('_', '-')} care")
