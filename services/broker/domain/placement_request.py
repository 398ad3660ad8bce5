"""A council's request to place one person in a care home, from request to admission.

Every time is passed in (no clock). Every published event carries the request's episode id
and registration (see the contract). Invariants: no referral to a home that is suspended or
closing; no offer without an accepted referral and a completed assessment that can meet the
needs; one live offer at a time; one final admission per request; a held bed is released
when the offer falls through (the published events tell the vacancies service).

This module holds the aggregate and its events, each with how it changes the request. The
events are stored under the topic `services.broker.domain.placement_request:
PlacementRequest.<Event>`: their names, their place here and their attributes must not
change. The commands that decide them are grouped in `bed_referrals` and `bed_offers`;
the parts a home care package request will share are the referral round
(`referral_round`), the hold saga (`hold`), coded answers (`answers`) and the stage
bookkeeping (`stages`).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate, event

from services.broker.domain.answers import Answer
from services.broker.domain.bed_offers import BedOffers
from services.broker.domain.bed_referrals import BedReferrals
from services.broker.domain.bed_request import (
    AboutAnOffer,
    AboutAReferral,
    HoldFellThrough,
    HomeStatus,
    Offer,
    Published,
    check_needs,
)
from services.broker.domain.errors import InvalidInput
from services.broker.domain.hold import Holds
from services.broker.domain.referral_round import ReferralRound
from services.broker.domain.vocabulary import (
    CancelReason,
    Funding,
    Location,
    ReopenReason,
    Stage,
    Urgency,
    parse,
)

# HomeStatus and Offer live in bed_request; the services and tests import them from here.
__all__ = ["HomeStatus", "Offer", "PlacementRequest", "request_id_for_episode"]

NAMESPACE = uuid.UUID("c1d9e7a2-55b4-4f0e-9b8e-7a3f2c6d1e08")


def request_id_for_episode(episode_id: uuid.UUID) -> uuid.UUID:
    """The request opened automatically for a hospital episode: one per episode."""
    return uuid.uuid5(NAMESPACE, f"episode:{episode_id}")


class PlacementRequest(BedReferrals, BedOffers, Aggregate):
    """A council's request to place one person in a care home (see the module's doc)."""

    CLOSED_STAGES = (Stage.PLACED.value, Stage.CANCELLED.value)
    NEEDS_DETAILS = Stage.NEEDS_DETAILS.value
    SEEKING = Stage.SEEKING.value
    INTERIM = Stage.INTERIM.value

    @classmethod
    def open(
        cls,
        *,
        request_id: uuid.UUID,
        council_code: str,
        episode_id: uuid.UUID | None,
        location: str,
        registration: str,
        care_category: str | None,
        specialisms: list[str],
        preferred_localities: list[str],
        preferred_home_ids: list[uuid.UUID],
        funding: str | None,
        urgency: str,
        occurred_at: datetime,
    ) -> PlacementRequest:
        """A request with its needs known is open at once; one opened from a hospital
        episode before anyone assessed the needs starts as `needs_details`."""
        if not council_code.strip():
            raise InvalidInput("council_code", "must not be blank")
        complete = care_category is not None and funding is not None and registration != ""
        check_needs(registration, care_category, specialisms, complete=False)
        return cls(
            request_id=request_id,
            council_code=council_code.strip(),
            episode_id=episode_id,
            location=parse(Location, location, "location").value,
            registration=registration,
            care_category=care_category,
            specialisms=list(specialisms),
            preferred_localities=list(preferred_localities),
            preferred_home_ids=list(preferred_home_ids),
            funding=parse(Funding, funding, "funding").value if funding else None,
            urgency=parse(Urgency, urgency, "urgency").value,
            status=Stage.SEEKING.value if complete else Stage.NEEDS_DETAILS.value,
            occurred_at=occurred_at,
        )

    @staticmethod
    def create_id(request_id: uuid.UUID, **_: Any) -> uuid.UUID:  # type: ignore[override]
        return request_id

    @event("PlacementRequested")
    def __init__(
        self,
        *,
        request_id: uuid.UUID,
        council_code: str,
        episode_id: uuid.UUID | None,
        location: str,
        registration: str,
        care_category: str | None,
        specialisms: list[str],
        preferred_localities: list[str],
        preferred_home_ids: list[uuid.UUID],
        funding: str | None,
        urgency: str,
        status: str,
        occurred_at: datetime,
    ) -> None:
        self.council_code = council_code
        self.episode_id = episode_id
        self.location = location
        self.registration = registration
        self.care_category = care_category
        self.specialisms = specialisms
        self.preferred_localities = preferred_localities
        self.preferred_home_ids = preferred_home_ids
        self.funding = funding
        self.urgency = urgency
        self.stage = status
        self.requested_at = occurred_at
        self.referrals: ReferralRound = ReferralRound()
        self.offers: Holds[Offer] = Holds()
        self.placed_home: uuid.UUID | None = None
        self.cancel_reason: str | None = None

    # -- needs -----------------------------------------------------------------------------

    def complete_details(
        self,
        *,
        registration: str,
        care_category: str,
        specialisms: list[str],
        preferred_localities: list[str],
        preferred_home_ids: list[uuid.UUID],
        funding: str,
        urgency: str,
        occurred_at: datetime,
    ) -> None:
        self._must_be_open()
        needs = {
            "registration": registration,
            "care_category": care_category,
            "specialisms": list(specialisms),
            "preferred_localities": list(preferred_localities),
            "preferred_home_ids": list(preferred_home_ids),
        }
        asked = needs | {"funding": funding, "urgency": urgency}
        if self.stage != self.NEEDS_DETAILS and asked == {k: getattr(self, k) for k in asked}:
            return  # the same needs again: a retried command changes nothing
        check_needs(registration, care_category, specialisms, complete=True)
        self._record(
            self.PlacementDetailsCompleted,
            **needs,
            funding=parse(Funding, funding, "funding").value,
            urgency=parse(Urgency, urgency, "urgency").value,
            occurred_at=occurred_at,
        )

    class PlacementDetailsCompleted(Published):
        care_category: str
        specialisms: list[str]
        preferred_localities: list[str]
        preferred_home_ids: list[uuid.UUID]
        funding: str
        urgency: str
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.registration, r.care_category = self.registration, self.care_category
            r.specialisms, r.funding, r.urgency = self.specialisms, self.funding, self.urgency
            r.preferred_localities = self.preferred_localities
            r.preferred_home_ids = self.preferred_home_ids
            if r.stage == r.NEEDS_DETAILS:
                r.stage = r.SEEKING

    def cancel(self, *, reason: str, occurred_at: datetime) -> None:
        """No placement is needed any more; a bed still held for it is released."""
        if self.stage == Stage.CANCELLED.value and self.cancel_reason == reason:
            return  # cancelled already for this reason: a retried command
        self._must_be_open()
        live = self.offers.live()
        self._record(
            self.PlacementCancelled,
            reason=parse(CancelReason, reason, "reason").value,
            offer_id=live[0] if live else None,
            home_id=live[1].home_id if live else None,
            occurred_at=occurred_at,
        )

    def reopen(self, *, reason: str, occurred_at: datetime) -> None:
        """What cancelled the request was undone at the hospital: it is open again, waiting
        for its needs if they were never recorded, else seeking (or interim). Nothing held
        before is held again: the broker offers afresh."""
        if self.stage != Stage.CANCELLED.value:
            return  # open already: a retried command
        complete = self.care_category is not None and self.funding is not None
        self._record(
            self.PlacementReopened,
            reason=parse(ReopenReason, reason, "reason").value,
            stage=self._seeking_stage() if complete else self.NEEDS_DETAILS,
            occurred_at=occurred_at,
        )

    # -- the events after the first, each with how it changes the request -------------

    class ReferralSent(AboutAReferral):
        answer_by: datetime
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.referrals.sent(self.referral_id, self.home_id, self.occurred_at, self.answer_by)

    class ReferralAccepted(AboutAReferral):
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.referrals.answered(self.referral_id, Answer(True), self.occurred_at)

    class ReferralDeclined(AboutAReferral):
        reason: str
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.referrals.answered(self.referral_id, Answer(False, self.reason), self.occurred_at)

    class ReferralEscalated(AboutAReferral):
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.referrals.escalated(self.referral_id)

    class AssessmentBooked(Published):
        home_id: uuid.UUID
        assessor: str
        on: date
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            referral = r.referrals.accepted_by(self.home_id)
            referral.assessment, referral.assessment_on = "booked", self.on

    class AssessmentCompleted(Published):
        home_id: uuid.UUID
        can_meet_needs: bool
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            outcome = "met" if self.can_meet_needs else "not_met"
            r.referrals.accepted_by(self.home_id).assessment = outcome

    class BedReservationRequested(AboutAnOffer):
        bed_type: str
        council_code: str
        hold_hours: float
        weekly_fee: float
        top_up: float
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.offers[self.offer_id] = Offer(
                self.home_id, self.bed_type, self.weekly_fee, self.top_up
            )
            r.stage = Stage.OFFER_PENDING.value

    class OfferConfirmed(AboutAnOffer):
        weekly_fee: float
        top_up: float
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.offers.mark(self.offer_id, "confirmed")
            r.stage = Stage.OFFERED.value

    class OfferFailed(HoldFellThrough):
        falls_to = "failed"

    class OfferAccepted(AboutAnOffer):
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.offers.mark(self.offer_id, "accepted")
            r.stage = Stage.ACCEPTED.value

    class OfferDeclined(HoldFellThrough):
        falls_to = "declined"

    class AdmissionBooked(AboutAnOffer):
        on: date
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.offers.mark(self.offer_id, "booked").booked_on = self.on
            r.stage = Stage.ADMISSION_BOOKED.value

    class PlacementAdmitted(AboutAnOffer):
        home_name: str
        bed_type: str
        interim: bool
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.offers.mark(self.offer_id, "admitted").interim = self.interim
            r.placed_home = self.home_id
            r.stage = Stage.INTERIM.value if self.interim else Stage.PLACED.value
            r.admitted_at = self.occurred_at

    class PlacementCancelled(Published):
        reason: str
        offer_id: uuid.UUID | None
        home_id: uuid.UUID | None
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            if self.offer_id is not None:
                r.offers.mark(self.offer_id, "withdrawn")
            r.stage = Stage.CANCELLED.value
            r.cancel_reason = self.reason

    class PlacementReopened(Published):
        reason: str
        stage: str
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.stage = self.stage
            r.cancel_reason = None
