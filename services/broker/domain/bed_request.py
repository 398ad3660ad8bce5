"""What the commands of a care home bed request share.

The state they read (set only by the aggregate's events), what every event it publishes
carries (`Published`, and the bases of events about one referral or one offer), the home as
the broker's index sees it and the bed offered. The
aggregate is `placement_request.PlacementRequest`; its commands are grouped in
`bed_referrals` and `bed_offers`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from eventsourcing.domain import Aggregate

from services.broker.domain.errors import Conflict
from services.broker.domain.hold import Holds
from services.broker.domain.referral_round import ReferralRound
from services.broker.domain.stages import StagedRequest
from services.broker.domain.vocabulary import (
    CARE_CATEGORIES,
    REGISTRATIONS,
    SPECIALISMS,
    check_word,
)


class Published(Aggregate.Event):
    """What every event of a request after the first carries for the other services."""

    episode_id: uuid.UUID | None
    registration: str


class AboutAReferral(Published):
    referral_id: str
    home_id: uuid.UUID


class AboutAnOffer(Published):
    offer_id: uuid.UUID
    home_id: uuid.UUID


class HoldFellThrough(AboutAnOffer):
    """The home could not hold the bed, or the person declined it: the search goes on."""

    reason: str
    occurred_at: datetime
    falls_to: ClassVar[str]  # the offer's status after it: a class constant, not stored

    def apply(self, request: BedRequestState) -> None:
        request.offers.mark(self.offer_id, self.falls_to)
        request.stage = request._seeking_stage()


@dataclass(frozen=True)
class HomeStatus:
    """What the broker's own availability index says of a home when it acts."""

    home_id: uuid.UUID
    name: str
    taking_placements: bool  # not closing, nor suspended (for all, or for the council asking)
    bed_types: frozenset[str]


@dataclass
class Offer:
    home_id: uuid.UUID
    bed_type: str
    weekly_fee: float
    top_up: float
    status: str = "requested"  # see hold.Held: requested, confirmed, ... admitted, withdrawn
    history: list[str] = field(default_factory=list)
    booked_on: date | None = None  # the admission day booked: a retried booking is the same one
    interim: bool | None = None  # how it was admitted: a retried admission is the same one


def check_needs(
    registration: str, care_category: str | None, specialisms: list[str], *, complete: bool
) -> None:
    """The needs' words, each from its vocabulary; an incomplete request may lack some."""
    if registration or complete:
        check_word(registration, REGISTRATIONS, "registration")
    if care_category is not None or complete:
        check_word(care_category or "", CARE_CATEGORIES, "care_category")
    for i, s in enumerate(specialisms):
        check_word(s, SPECIALISMS, f"specialisms.{i}")


class BedRequestState(StagedRequest):
    """The bed request's state its commands read, and how they record an event."""

    council_code: str
    episode_id: uuid.UUID | None
    registration: str
    care_category: str | None
    referrals: ReferralRound
    offers: Holds[Offer]
    cancel_reason: str | None

    if TYPE_CHECKING:  # the aggregate (an eventsourcing Aggregate) provides it

        def trigger_event(self, event_class: type[Any], **kwargs: Any) -> None: ...

    def _record(self, event_class: type[Published], **attributes: Any) -> None:
        """Record an event with what every published event carries."""
        about = {"episode_id": self.episode_id, "registration": self.registration}
        self.trigger_event(event_class, **about | attributes)

    @property
    def bed_type(self) -> str:
        return f"{self.registration}-{self.care_category}"

    @staticmethod
    def _must_take_placements(home: HomeStatus) -> None:
        if not home.taking_placements:
            raise Conflict(f"{home.name} is not taking new placements (suspended or closing)")
