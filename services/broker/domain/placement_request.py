"""A council's request to place one person in a care home, from request to admission.

Every time is passed in (no clock). Every published event carries the request's episode id
and registration (see the contract). Invariants: no referral to a home that is suspended or
closing; no offer without an accepted referral and a completed assessment that can meet the
needs; one live offer at a time; one final admission per request; a held bed is released
when the offer falls through (the published events tell the vacancies service).

The parts a home care package request will share live in their own modules: the referral
round (`referral_round`), the hold saga (`hold`), coded answers (`answers`) and the stage
bookkeeping (`stages`). The events stay here: they are stored under the topic
`services.broker.domain.placement_request:PlacementRequest.<Event>`, so their names, place
and attributes must not change.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate, event

from services.broker.domain import hold
from services.broker.domain.answers import Answer, coded
from services.broker.domain.errors import Conflict, InvalidInput, WrongStage
from services.broker.domain.hold import Holds
from services.broker.domain.referral_round import Referral, ReferralRound
from services.broker.domain.stages import StagedRequest
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
LIVE_OFFER = hold.LIVE


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
class Offer:
    home_id: uuid.UUID
    bed_type: str
    weekly_fee: float
    top_up: float
    status: str = "requested"  # requested, confirmed, failed, accepted, declined, booked, admitted
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


class Published(Aggregate.Event):
    """What every event after the first carries for the other services (the contract)."""

    episode_id: uuid.UUID | None
    registration: str


class PlacementRequest(StagedRequest, Aggregate):
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

    # -- shared ----------------------------------------------------------------------------

    def _record(self, event_class: type[Published], **attributes: Any) -> None:
        """Record an event with what every published event carries."""
        about = {"episode_id": self.episode_id, "registration": self.registration}
        self.trigger_event(event_class, **about | attributes)

    @property
    def bed_type(self) -> str:
        return f"{self.registration}-{self.care_category}"

    def referral_to(self, home_id: uuid.UUID) -> Referral | None:
        return self.referrals.open_to(home_id)

    def live_offer(self) -> tuple[uuid.UUID, Offer] | None:
        return self.offers.live()

    @staticmethod
    def _must_take_placements(home: HomeStatus) -> None:
        if not home.taking_placements:
            raise Conflict(f"{home.name} is not taking new placements (suspended or closing)")

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
        if self.stage != self.NEEDS_DETAILS and needs | {
            "funding": funding,
            "urgency": urgency,
        } == {k: getattr(self, k) for k in (*needs, "funding", "urgency")}:
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
            r.registration, r.care_category, r.specialisms = (
                self.registration,
                self.care_category,
                self.specialisms,
            )
            r.preferred_localities, r.preferred_home_ids = (
                self.preferred_localities,
                self.preferred_home_ids,
            )
            r.funding, r.urgency = self.funding, self.urgency
            if r.stage == r.NEEDS_DETAILS:
                r.stage = r.SEEKING

    # -- referrals -------------------------------------------------------------------------

    def refer(
        self, *, referral_id: str, home: HomeStatus, answer_by: datetime, occurred_at: datetime
    ) -> None:
        """Send the person's details to a home, which must answer by `answer_by`."""
        self._must_have_details()
        if self.referrals.repeats(referral_id, home.home_id):
            return  # the same referral (the caller chose its id) again: a retried command
        self._must_take_placements(home)
        if self.bed_type not in home.bed_types:
            raise Conflict(f"{home.name} does not offer {self.bed_type} beds")
        self.referrals.check_new(home.home_id, home.name, answer_by, occurred_at)
        self._record(
            self.ReferralSent,
            referral_id=referral_id,
            home_id=home.home_id,
            answer_by=answer_by,
            occurred_at=occurred_at,
        )

    class ReferralSent(Published):
        referral_id: str
        home_id: uuid.UUID
        answer_by: datetime
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.referrals.sent(self.referral_id, self.home_id, self.occurred_at, self.answer_by)

    def answer_referral(
        self, *, referral_id: str, accept: bool, reason: str | None, occurred_at: datetime
    ) -> None:
        """The home agrees to assess, or declines with a coded reason. A late answer after
        escalation still counts."""
        self._must_be_open()
        answer = self.referrals.answer(referral_id, accept, reason, ReferralDecline)
        if answer is None:
            return  # the same answer again: a retried command
        home_id = self.referrals[referral_id].home_id
        about = {"referral_id": referral_id, "home_id": home_id, "occurred_at": occurred_at}
        if answer.accept:
            self._record(self.ReferralAccepted, **about)
        else:
            self._record(self.ReferralDeclined, **about, reason=answer.reason)

    class ReferralAccepted(Published):
        referral_id: str
        home_id: uuid.UUID
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.referrals.answered(self.referral_id, Answer(True), self.occurred_at)

    class ReferralDeclined(Published):
        referral_id: str
        home_id: uuid.UUID
        reason: str
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.referrals.answered(self.referral_id, Answer(False, self.reason), self.occurred_at)

    def escalate_overdue(self, *, now: datetime) -> list[str]:
        """Referrals past their deadline with no answer are escalated; returns their ids."""
        if self.closed:
            return []
        overdue = self.referrals.overdue(now)
        for rid in overdue:
            home_id = self.referrals[rid].home_id
            self._record(self.ReferralEscalated, referral_id=rid, home_id=home_id, occurred_at=now)
        return overdue

    class ReferralEscalated(Published):
        referral_id: str
        home_id: uuid.UUID
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.referrals.escalated(self.referral_id)

    # -- assessment ------------------------------------------------------------------------

    def book_assessment(
        self, *, home_id: uuid.UUID, assessor: str, on: date, occurred_at: datetime
    ) -> None:
        self._must_be_open()
        booked = self.referrals.accepted_by(home_id)
        if booked.assessment == "booked" and booked.assessment_on == on:
            return  # the same booking again: a retried command
        who = parse(Assessor, assessor, "assessor").value
        self._record(
            self.AssessmentBooked, home_id=home_id, assessor=who, on=on, occurred_at=occurred_at
        )

    class AssessmentBooked(Published):
        home_id: uuid.UUID
        assessor: str
        on: date
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            referral = r.referrals.accepted_by(self.home_id)
            referral.assessment, referral.assessment_on = "booked", self.on

    def complete_assessment(
        self, *, home_id: uuid.UUID, can_meet_needs: bool, occurred_at: datetime
    ) -> None:
        self._must_be_open()
        outcome = "met" if can_meet_needs else "not_met"
        if self.referrals.accepted_by(home_id).assessment == outcome:
            return  # the same outcome again: a retried command
        self._record(
            self.AssessmentCompleted,
            home_id=home_id,
            can_meet_needs=can_meet_needs,
            occurred_at=occurred_at,
        )

    class AssessmentCompleted(Published):
        home_id: uuid.UUID
        can_meet_needs: bool
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            outcome = "met" if self.can_meet_needs else "not_met"
            r.referrals.accepted_by(self.home_id).assessment = outcome

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
        if self.referrals.accepted_by(home.home_id).assessment != "met":
            raise WrongStage("the home's assessment must be completed and able to meet needs")
        self._must_take_placements(home)
        if self.offers.live() is not None:
            raise Conflict("another offer is still open: withdraw or decline it first")
        if weekly_fee <= 0 or top_up < 0:
            raise InvalidInput("weekly_fee", "a weekly fee is positive and a top-up not negative")
        self._record(
            self.BedReservationRequested,
            offer_id=offer_id,
            home_id=home.home_id,
            bed_type=self.bed_type,
            council_code=self.council_code,
            hold_hours=hold_hours,
            weekly_fee=weekly_fee,
            top_up=top_up,
            occurred_at=occurred_at,
        )

    class BedReservationRequested(Published):
        offer_id: uuid.UUID
        home_id: uuid.UUID
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

    def bed_held(self, *, offer_id: uuid.UUID, occurred_at: datetime) -> bool:
        """The vacancies service held the bed. A late or repeated answer changes nothing."""
        offer = self.offers.awaiting_answer(offer_id, self.closed)
        if offer is None:
            return False
        self._record(
            self.OfferConfirmed,
            offer_id=offer_id,
            home_id=offer.home_id,
            weekly_fee=offer.weekly_fee,
            top_up=offer.top_up,
            occurred_at=occurred_at,
        )
        return True

    class OfferConfirmed(Published):
        offer_id: uuid.UUID
        home_id: uuid.UUID
        weekly_fee: float
        top_up: float
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.offers.mark(self.offer_id, "confirmed")
            r.stage = Stage.OFFERED.value

    def bed_refused(self, *, offer_id: uuid.UUID, reason: str, occurred_at: datetime) -> bool:
        """The vacancies service could not hold the bed: the search goes on."""
        offer = self.offers.awaiting_answer(offer_id, self.closed)
        if offer is None:
            return False
        self._record(
            self.OfferFailed,
            offer_id=offer_id,
            home_id=offer.home_id,
            reason=reason,
            occurred_at=occurred_at,
        )
        return True

    class OfferFailed(Published):
        offer_id: uuid.UUID
        home_id: uuid.UUID
        reason: str
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.offers.mark(self.offer_id, "failed")
            r.stage = r._seeking_stage()

    def accept_offer(self, *, offer_id: uuid.UUID, occurred_at: datetime) -> None:
        """The person (or family) accepts the offered bed."""
        self._must_be_open()
        offer = self.offers.moving(offer_id, hold.ACCEPT)
        if offer is None:
            return  # accepted already: a retried command
        self._record(
            self.OfferAccepted, offer_id=offer_id, home_id=offer.home_id, occurred_at=occurred_at
        )

    class OfferAccepted(Published):
        offer_id: uuid.UUID
        home_id: uuid.UUID
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.offers.mark(self.offer_id, "accepted")
            r.stage = Stage.ACCEPTED.value

    def decline_offer(self, *, offer_id: uuid.UUID, reason: str, occurred_at: datetime) -> None:
        """The person (or family) declines; the held bed is released."""
        self._must_be_open()
        offer = self.offers.moving(offer_id, hold.DECLINE)
        if offer is None:
            return  # declined already: a retried command
        self._record(
            self.OfferDeclined,
            offer_id=offer_id,
            home_id=offer.home_id,
            reason=coded(OfferDecline, reason),
            occurred_at=occurred_at,
        )

    class OfferDeclined(Published):
        offer_id: uuid.UUID
        home_id: uuid.UUID
        reason: str
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.offers.mark(self.offer_id, "declined")
            r.stage = r._seeking_stage()

    # -- admission -------------------------------------------------------------------------

    def book_admission(self, *, offer_id: uuid.UUID, on: date, occurred_at: datetime) -> None:
        self._must_be_open()
        offer = self.offers.moving(offer_id, hold.BOOK, lambda o: o.booked_on == on)
        if offer is None:
            return  # the same booking again: a retried command
        self._record(
            self.AdmissionBooked,
            offer_id=offer_id,
            home_id=offer.home_id,
            on=on,
            occurred_at=occurred_at,
        )

    class AdmissionBooked(Published):
        offer_id: uuid.UUID
        home_id: uuid.UUID
        on: date
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.offers.mark(self.offer_id, "booked").booked_on = self.on
            r.stage = Stage.ADMISSION_BOOKED.value

    def admit(
        self, *, offer_id: uuid.UUID, home_name: str, interim: bool, occurred_at: datetime
    ) -> None:
        """The person moved in. An interim placement keeps the request open for the move to
        the home of their choice; a final one closes it."""
        done = self.offers.get(offer_id)
        if done is not None and done.status == "admitted" and done.interim == interim:
            return  # admitted already (the request may be closed by it): a retried command
        self._must_be_open()
        offer = self.offers.moving(offer_id, hold.TAKE_UP, lambda o: o.interim == interim)
        assert offer is not None  # the same admission again returned above
        self._record(
            self.PlacementAdmitted,
            offer_id=offer_id,
            home_id=offer.home_id,
            home_name=home_name,
            bed_type=offer.bed_type,
            interim=interim,
            occurred_at=occurred_at,
        )

    class PlacementAdmitted(Published):
        offer_id: uuid.UUID
        home_id: uuid.UUID
        home_name: str
        bed_type: str
        interim: bool
        occurred_at: datetime

        def apply(self, r: PlacementRequest) -> None:
            r.offers.mark(self.offer_id, "admitted").interim = self.interim
            r.placed_home = self.home_id
            r.stage = Stage.INTERIM.value if self.interim else Stage.PLACED.value
            r.admitted_at = self.occurred_at

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
