"""A council's request to place one person in a care home, from request to admission.

Every time is passed in (no clock). Every published event carries the request's episode id
and registration (see the contract). Invariants: no referral to a home that is suspended or
closing; no offer without an accepted referral and a completed assessment that can meet the
needs; one live offer at a time; one final admission per request; a held bed is released
when the offer falls through (the published events tell the vacancies service).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate, event

from services.broker.domain.errors import Conflict, InvalidInput, NotFound, WrongStage
from services.broker.domain.vocabulary import (
    CARE_CATEGORIES,
    REGISTRATIONS,
    SPECIALISMS,
    Assessor,
    CancelReason,
    Funding,
    Location,
    OfferDecline,
    ReferralDecline,
    Stage,
    Urgency,
    check_word,
    parse,
)

NAMESPACE = uuid.UUID("c1d9e7a2-55b4-4f0e-9b8e-7a3f2c6d1e08")
LIVE_OFFER = ("requested", "confirmed", "accepted", "booked")


def request_id_for_episode(episode_id: uuid.UUID) -> uuid.UUID:
    """The request opened automatically for a hospital episode: one per episode."""
    return uuid.uuid5(NAMESPACE, f"episode:{episode_id}")


@dataclass(frozen=True)
class HomeStatus:
    """What the broker's own availability index says of a home when it acts."""

    home_id: uuid.UUID
    name: str
    taking_placements: bool  # not closing, nor suspended (for all, or for the council asking)
    bed_types: frozenset[str]


@dataclass
class Referral:
    home_id: uuid.UUID
    sent_at: datetime
    answer_by: datetime
    status: str = "sent"  # sent, accepted, declined, escalated
    answered_at: datetime | None = None
    decline_reason: str | None = None
    assessment: str | None = None  # booked, met, not_met
    assessment_on: date | None = None  # the booked day: a retried booking is the same one


@dataclass
class Offer:
    home_id: uuid.UUID
    bed_type: str
    weekly_fee: float
    top_up: float
    status: str = "requested"  # requested, confirmed, failed, accepted, declined, booked, admitted
    history: list[str] = field(default_factory=list)
    booked_on: date | None = None  # the admission day booked: a retried booking is the same one
    interim: bool | None = None  # how it was admitted: a retried admission is the same one


class PlacementRequest(Aggregate):
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
        if registration:
            check_word(registration, REGISTRATIONS, "registration")
        if care_category is not None:
            check_word(care_category, CARE_CATEGORIES, "care_category")
        for i, s in enumerate(specialisms):
            check_word(s, SPECIALISMS, f"specialisms.{i}")
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
        self.referrals: dict[str, Referral] = {}
        self.offers: dict[uuid.UUID, Offer] = {}
        self.placed_home: uuid.UUID | None = None
        self.cancel_reason: str | None = None

    # -- shared ----------------------------------------------------------------------------

    def _about(self) -> dict[str, Any]:
        return {"episode_id": self.episode_id, "registration": self.registration}

    @property
    def closed(self) -> bool:
        return self.stage in (Stage.PLACED.value, Stage.CANCELLED.value)

    def _must_be_open(self) -> None:
        if self.closed:
            raise WrongStage(f"the request is {self.stage}")

    def _must_have_details(self) -> None:
        self._must_be_open()
        if self.stage == Stage.NEEDS_DETAILS.value:
            raise WrongStage("complete the assessed needs first")

    @property
    def bed_type(self) -> str:
        return f"{self.registration}-{self.care_category}"

    def referral_to(self, home_id: uuid.UUID) -> Referral | None:
        for r in self.referrals.values():
            if r.home_id == home_id and r.status in ("sent", "escalated", "accepted"):
                return r
        return None

    def live_offer(self) -> tuple[uuid.UUID, Offer] | None:
        for offer_id, o in self.offers.items():
            if o.status in LIVE_OFFER:
                return offer_id, o
        return None

    def _offer(self, offer_id: uuid.UUID) -> Offer:
        try:
            return self.offers[offer_id]
        except KeyError:
            raise NotFound(f"no offer {offer_id} on this request") from None

    def _referral(self, referral_id: str) -> Referral:
        try:
            return self.referrals[referral_id]
        except KeyError:
            raise NotFound(f"no referral {referral_id} on this request") from None

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
        if self.stage != Stage.NEEDS_DETAILS.value and (
            self.registration,
            self.care_category,
            self.specialisms,
            self.preferred_localities,
            self.preferred_home_ids,
            self.funding,
            self.urgency,
        ) == (
            registration,
            care_category,
            list(specialisms),
            list(preferred_localities),
            list(preferred_home_ids),
            funding,
            urgency,
        ):
            return  # the same needs again: a retried command changes nothing
        check_word(registration, REGISTRATIONS, "registration")
        check_word(care_category, CARE_CATEGORIES, "care_category")
        for i, s in enumerate(specialisms):
            check_word(s, SPECIALISMS, f"specialisms.{i}")
        self._details_completed(
            episode_id=self.episode_id,
            registration=registration,
            care_category=care_category,
            specialisms=list(specialisms),
            preferred_localities=list(preferred_localities),
            preferred_home_ids=list(preferred_home_ids),
            funding=parse(Funding, funding, "funding").value,
            urgency=parse(Urgency, urgency, "urgency").value,
            occurred_at=occurred_at,
        )

    @event("PlacementDetailsCompleted")
    def _details_completed(
        self,
        *,
        episode_id: uuid.UUID | None,
        registration: str,
        care_category: str,
        specialisms: list[str],
        preferred_localities: list[str],
        preferred_home_ids: list[uuid.UUID],
        funding: str,
        urgency: str,
        occurred_at: datetime,
    ) -> None:
        self.registration = registration
        self.care_category = care_category
        self.specialisms = specialisms
        self.preferred_localities = preferred_localities
        self.preferred_home_ids = preferred_home_ids
        self.funding = funding
        self.urgency = urgency
        if self.stage == Stage.NEEDS_DETAILS.value:
            self.stage = Stage.SEEKING.value

    # -- referrals -------------------------------------------------------------------------

    def refer(
        self, *, referral_id: str, home: HomeStatus, answer_by: datetime, occurred_at: datetime
    ) -> None:
        """Send the person's details to a home, which must answer by `answer_by`."""
        self._must_have_details()
        sent = self.referrals.get(referral_id)
        if sent is not None and sent.home_id == home.home_id:
            return  # the same referral (the caller chose its id) again: a retried command
        if referral_id in self.referrals:
            raise Conflict(f"referral {referral_id} already exists")
        if not home.taking_placements:
            raise Conflict(f"{home.name} is not taking new placements (suspended or closing)")
        if self.bed_type not in home.bed_types:
            raise Conflict(f"{home.name} does not offer {self.bed_type} beds")
        if self.referral_to(home.home_id) is not None:
            raise Conflict(f"{home.name} already has an open referral for this person")
        if answer_by <= occurred_at:
            raise InvalidInput("answer_by", "must be after the referral is sent")
        self._referral_sent(
            **self._about(),
            referral_id=referral_id,
            home_id=home.home_id,
            answer_by=answer_by,
            occurred_at=occurred_at,
        )

    @event("ReferralSent")
    def _referral_sent(
        self,
        *,
        episode_id: uuid.UUID | None,
        registration: str,
        referral_id: str,
        home_id: uuid.UUID,
        answer_by: datetime,
        occurred_at: datetime,
    ) -> None:
        self.referrals[referral_id] = Referral(home_id, occurred_at, answer_by)

    def answer_referral(
        self, *, referral_id: str, accept: bool, reason: str | None, occurred_at: datetime
    ) -> None:
        """The home agrees to assess, or declines with a coded reason. A late answer after
        escalation still counts."""
        self._must_be_open()
        referral = self._referral(referral_id)
        if (accept and referral.status == "accepted") or (
            not accept and referral.status == "declined" and referral.decline_reason == reason
        ):
            return  # the same answer again: a retried command
        if referral.status not in ("sent", "escalated"):
            raise WrongStage(f"referral {referral_id} was already answered ({referral.status})")
        if accept:
            self._referral_accepted(
                **self._about(),
                referral_id=referral_id,
                home_id=referral.home_id,
                occurred_at=occurred_at,
            )
        else:
            code = parse(ReferralDecline, reason or "", "reason").value
            self._referral_declined(
                **self._about(),
                referral_id=referral_id,
                home_id=referral.home_id,
                reason=code,
                occurred_at=occurred_at,
            )

    @event("ReferralAccepted")
    def _referral_accepted(
        self,
        *,
        episode_id: uuid.UUID | None,
        registration: str,
        referral_id: str,
        home_id: uuid.UUID,
        occurred_at: datetime,
    ) -> None:
        self.referrals[referral_id].status = "accepted"
        self.referrals[referral_id].answered_at = occurred_at

    @event("ReferralDeclined")
    def _referral_declined(
        self,
        *,
        episode_id: uuid.UUID | None,
        registration: str,
        referral_id: str,
        home_id: uuid.UUID,
        reason: str,
        occurred_at: datetime,
    ) -> None:
        self.referrals[referral_id].status = "declined"
        self.referrals[referral_id].answered_at = occurred_at
        self.referrals[referral_id].decline_reason = reason

    def escalate_overdue(self, *, now: datetime) -> list[str]:
        """Referrals past their deadline with no answer are escalated; returns their ids."""
        overdue = [
            rid for rid, r in self.referrals.items() if r.status == "sent" and r.answer_by <= now
        ]
        if self.closed:
            return []
        for rid in overdue:
            self._referral_escalated(
                **self._about(),
                referral_id=rid,
                home_id=self.referrals[rid].home_id,
                occurred_at=now,
            )
        return overdue

    @event("ReferralEscalated")
    def _referral_escalated(
        self,
        *,
        episode_id: uuid.UUID | None,
        registration: str,
        referral_id: str,
        home_id: uuid.UUID,
        occurred_at: datetime,
    ) -> None:
        self.referrals[referral_id].status = "escalated"

    # -- assessment ------------------------------------------------------------------------

    def _accepted_referral(self, home_id: uuid.UUID) -> Referral:
        for r in self.referrals.values():
            if r.home_id == home_id and r.status == "accepted":
                return r
        raise WrongStage("the home has not accepted a referral to assess this person")

    def book_assessment(
        self, *, home_id: uuid.UUID, assessor: str, on: date, occurred_at: datetime
    ) -> None:
        self._must_be_open()
        booked = self._accepted_referral(home_id)
        if booked.assessment == "booked" and booked.assessment_on == on:
            return  # the same booking again: a retried command
        self._assessment_booked(
            **self._about(),
            home_id=home_id,
            assessor=parse(Assessor, assessor, "assessor").value,
            on=on,
            occurred_at=occurred_at,
        )

    @event("AssessmentBooked")
    def _assessment_booked(
        self,
        *,
        episode_id: uuid.UUID | None,
        registration: str,
        home_id: uuid.UUID,
        assessor: str,
        on: date,
        occurred_at: datetime,
    ) -> None:
        self._accepted_referral(home_id).assessment = "booked"
        self._accepted_referral(home_id).assessment_on = on

    def complete_assessment(
        self, *, home_id: uuid.UUID, can_meet_needs: bool, occurred_at: datetime
    ) -> None:
        self._must_be_open()
        outcome = "met" if can_meet_needs else "not_met"
        if self._accepted_referral(home_id).assessment == outcome:
            return  # the same outcome again: a retried command
        self._assessment_completed(
            **self._about(), home_id=home_id, can_meet_needs=can_meet_needs, occurred_at=occurred_at
        )

    @event("AssessmentCompleted")
    def _assessment_completed(
        self,
        *,
        episode_id: uuid.UUID | None,
        registration: str,
        home_id: uuid.UUID,
        can_meet_needs: bool,
        occurred_at: datetime,
    ) -> None:
        self._accepted_referral(home_id).assessment = "met" if can_meet_needs else "not_met"

    # -- offers (the bed is held through the vacancies service) ------------------------------

    def offer_bed(
        self,
        *,
        offer_id: uuid.UUID,
        home: HomeStatus,
        weekly_fee: float,
        top_up: float,
        hold_hours: float,
        occurred_at: datetime,
    ) -> None:
        """Ask the home (through the vacancies service) to hold a bed for this person."""
        self._must_have_details()
        if offer_id in self.offers:
            return  # the same offer again: a retried command
        if self._accepted_referral(home.home_id).assessment != "met":
            raise WrongStage("the home's assessment must be completed and able to meet needs")
        if not home.taking_placements:
            raise Conflict(f"{home.name} is not taking new placements (suspended or closing)")
        if self.live_offer() is not None:
            raise Conflict("another offer is still open: withdraw or decline it first")
        if weekly_fee <= 0 or top_up < 0:
            raise InvalidInput("weekly_fee", "a weekly fee is positive and a top-up not negative")
        self._reservation_requested(
            **self._about(),
            offer_id=offer_id,
            home_id=home.home_id,
            bed_type=self.bed_type,
            council_code=self.council_code,
            hold_hours=hold_hours,
            weekly_fee=weekly_fee,
            top_up=top_up,
            occurred_at=occurred_at,
        )

    @event("BedReservationRequested")
    def _reservation_requested(
        self,
        *,
        episode_id: uuid.UUID | None,
        registration: str,
        offer_id: uuid.UUID,
        home_id: uuid.UUID,
        bed_type: str,
        council_code: str,
        hold_hours: float,
        weekly_fee: float,
        top_up: float,
        occurred_at: datetime,
    ) -> None:
        self.offers[offer_id] = Offer(home_id, bed_type, weekly_fee, top_up)
        self.stage = Stage.OFFER_PENDING.value

    def bed_held(self, *, offer_id: uuid.UUID, occurred_at: datetime) -> bool:
        """The vacancies service held the bed. A late or repeated answer changes nothing."""
        offer = self.offers.get(offer_id)
        if offer is None or offer.status != "requested" or self.closed:
            return False
        self._offer_confirmed(
            **self._about(),
            offer_id=offer_id,
            home_id=offer.home_id,
            weekly_fee=offer.weekly_fee,
            top_up=offer.top_up,
            occurred_at=occurred_at,
        )
        return True

    @event("OfferConfirmed")
    def _offer_confirmed(
        self,
        *,
        episode_id: uuid.UUID | None,
        registration: str,
        offer_id: uuid.UUID,
        home_id: uuid.UUID,
        weekly_fee: float,
        top_up: float,
        occurred_at: datetime,
    ) -> None:
        self.offers[offer_id].status = "confirmed"
        self.stage = Stage.OFFERED.value

    def bed_refused(self, *, offer_id: uuid.UUID, reason: str, occurred_at: datetime) -> bool:
        offer = self.offers.get(offer_id)
        if offer is None or offer.status != "requested" or self.closed:
            return False
        self._offer_failed(
            **self._about(),
            offer_id=offer_id,
            home_id=offer.home_id,
            reason=reason,
            occurred_at=occurred_at,
        )
        return True

    @event("OfferFailed")
    def _offer_failed(
        self,
        *,
        episode_id: uuid.UUID | None,
        registration: str,
        offer_id: uuid.UUID,
        home_id: uuid.UUID,
        reason: str,
        occurred_at: datetime,
    ) -> None:
        self.offers[offer_id].status = "failed"
        self.stage = self._seeking_stage()

    def _seeking_stage(self) -> str:
        return Stage.INTERIM.value if self.placed_home is not None else Stage.SEEKING.value

    def accept_offer(self, *, offer_id: uuid.UUID, occurred_at: datetime) -> None:
        """The person (or family) accepts the offered bed."""
        self._must_be_open()
        offer = self._offer(offer_id)
        if offer.status == "accepted":
            return  # accepted already: a retried command
        if offer.status != "confirmed":
            raise WrongStage(f"the offer is {offer.status}, not confirmed")
        self._offer_accepted(
            **self._about(), offer_id=offer_id, home_id=offer.home_id, occurred_at=occurred_at
        )

    @event("OfferAccepted")
    def _offer_accepted(
        self,
        *,
        episode_id: uuid.UUID | None,
        registration: str,
        offer_id: uuid.UUID,
        home_id: uuid.UUID,
        occurred_at: datetime,
    ) -> None:
        self.offers[offer_id].status = "accepted"
        self.stage = Stage.ACCEPTED.value

    def decline_offer(self, *, offer_id: uuid.UUID, reason: str, occurred_at: datetime) -> None:
        """The person (or family) declines; the held bed is released."""
        self._must_be_open()
        offer = self._offer(offer_id)
        if offer.status == "declined":
            return  # declined already: a retried command
        if offer.status not in ("confirmed", "accepted", "booked"):
            raise WrongStage(f"the offer is {offer.status}")
        self._offer_declined(
            **self._about(),
            offer_id=offer_id,
            home_id=offer.home_id,
            reason=parse(OfferDecline, reason, "reason").value,
            occurred_at=occurred_at,
        )

    @event("OfferDeclined")
    def _offer_declined(
        self,
        *,
        episode_id: uuid.UUID | None,
        registration: str,
        offer_id: uuid.UUID,
        home_id: uuid.UUID,
        reason: str,
        occurred_at: datetime,
    ) -> None:
        self.offers[offer_id].status = "declined"
        self.stage = self._seeking_stage()

    # -- admission -------------------------------------------------------------------------

    def book_admission(self, *, offer_id: uuid.UUID, on: date, occurred_at: datetime) -> None:
        self._must_be_open()
        offer = self._offer(offer_id)
        if offer.status == "booked" and offer.booked_on == on:
            return  # the same booking again: a retried command
        if offer.status != "accepted":
            raise WrongStage(f"the offer is {offer.status}, not accepted")
        self._admission_booked(
            **self._about(),
            offer_id=offer_id,
            home_id=offer.home_id,
            on=on,
            occurred_at=occurred_at,
        )

    @event("AdmissionBooked")
    def _admission_booked(
        self,
        *,
        episode_id: uuid.UUID | None,
        registration: str,
        offer_id: uuid.UUID,
        home_id: uuid.UUID,
        on: date,
        occurred_at: datetime,
    ) -> None:
        self.offers[offer_id].status = "booked"
        self.offers[offer_id].booked_on = on
        self.stage = Stage.ADMISSION_BOOKED.value

    def admit(
        self, *, offer_id: uuid.UUID, home_name: str, interim: bool, occurred_at: datetime
    ) -> None:
        """The person moved in. An interim placement keeps the request open for the move to
        the home of their choice; a final one closes it."""
        done = self.offers.get(offer_id)
        if done is not None and done.status == "admitted" and done.interim == interim:
            return  # admitted already (the request may be closed by it): a retried command
        self._must_be_open()
        offer = self._offer(offer_id)
        if offer.status not in ("accepted", "booked"):
            raise WrongStage(f"the offer is {offer.status}: accept it before the admission")
        self._admitted(
            **self._about(),
            offer_id=offer_id,
            home_id=offer.home_id,
            home_name=home_name,
            bed_type=offer.bed_type,
            interim=interim,
            occurred_at=occurred_at,
        )

    @event("PlacementAdmitted")
    def _admitted(
        self,
        *,
        episode_id: uuid.UUID | None,
        registration: str,
        offer_id: uuid.UUID,
        home_id: uuid.UUID,
        home_name: str,
        bed_type: str,
        interim: bool,
        occurred_at: datetime,
    ) -> None:
        self.offers[offer_id].status = "admitted"
        self.offers[offer_id].interim = interim
        self.placed_home = home_id
        self.stage = Stage.INTERIM.value if interim else Stage.PLACED.value
        self.admitted_at = occurred_at

    def cancel(self, *, reason: str, occurred_at: datetime) -> None:
        """No placement is needed any more; a bed still held for it is released."""
        if self.stage == Stage.CANCELLED.value and self.cancel_reason == reason:
            return  # cancelled already for this reason: a retried command
        self._must_be_open()
        live = self.live_offer()
        self._cancelled(
            **self._about(),
            reason=parse(CancelReason, reason, "reason").value,
            offer_id=live[0] if live else None,
            home_id=live[1].home_id if live else None,
            occurred_at=occurred_at,
        )

    @event("PlacementCancelled")
    def _cancelled(
        self,
        *,
        episode_id: uuid.UUID | None,
        registration: str,
        reason: str,
        offer_id: uuid.UUID | None,
        home_id: uuid.UUID | None,
        occurred_at: datetime,
    ) -> None:
        if offer_id is not None:
            self.offers[offer_id].status = "withdrawn"
        self.stage = Stage.CANCELLED.value
        self.cancel_reason = reason
