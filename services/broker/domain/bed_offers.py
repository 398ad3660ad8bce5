"""A bed request's offers and the admission: the decisions.

A mixin of `PlacementRequest`: each command checks the request's state and records one of
the aggregate's events (declared there, with how each changes the state). The bed is held
through the vacancies service by the shared `hold` saga.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, ClassVar

from services.broker.domain import hold
from services.broker.domain.answers import coded
from services.broker.domain.bed_request import BedRequestState, HomeStatus, Offer, Published
from services.broker.domain.errors import Conflict, InvalidInput, WrongStage
from services.broker.domain.vocabulary import OfferDecline


class BedOffers(BedRequestState):
    """Offering a bed, hearing whether the home held it, the person's choice and the move in."""

    BedReservationRequested: ClassVar[type[Published]]
    OfferConfirmed: ClassVar[type[Published]]
    OfferFailed: ClassVar[type[Published]]
    OfferAccepted: ClassVar[type[Published]]
    OfferDeclined: ClassVar[type[Published]]
    AdmissionBooked: ClassVar[type[Published]]
    PlacementAdmitted: ClassVar[type[Published]]

    def live_offer(self) -> tuple[uuid.UUID, Offer] | None:
        return self.offers.live()

    def _record_about(
        self, event_class: type[Published], offer_id: uuid.UUID, offer: Offer, **attributes: Any
    ) -> None:
        """Record an event about one offer: its id and its home go with every one."""
        self._record(event_class, offer_id=offer_id, home_id=offer.home_id, **attributes)

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

    def bed_held(self, *, offer_id: uuid.UUID, occurred_at: datetime) -> bool:
        """The vacancies service held the bed. A late or repeated answer changes nothing."""
        offer = self.offers.awaiting_answer(offer_id, self.closed)
        if offer is None:
            return False
        self._record_about(
            self.OfferConfirmed,
            offer_id,
            offer,
            weekly_fee=offer.weekly_fee,
            top_up=offer.top_up,
            occurred_at=occurred_at,
        )
        return True

    def bed_refused(self, *, offer_id: uuid.UUID, reason: str, occurred_at: datetime) -> bool:
        """The vacancies service could not hold the bed: the search goes on."""
        offer = self.offers.awaiting_answer(offer_id, self.closed)
        if offer is None:
            return False
        self._record_about(
            self.OfferFailed, offer_id, offer, reason=reason, occurred_at=occurred_at
        )
        return True

    def accept_offer(self, *, offer_id: uuid.UUID, occurred_at: datetime) -> None:
        """The person (or family) accepts the offered bed."""
        self._must_be_open()
        offer = self.offers.moving(offer_id, hold.ACCEPT)
        if offer is None:
            return  # accepted already: a retried command
        self._record_about(self.OfferAccepted, offer_id, offer, occurred_at=occurred_at)

    def decline_offer(self, *, offer_id: uuid.UUID, reason: str, occurred_at: datetime) -> None:
        """The person (or family) declines; the held bed is released."""
        self._must_be_open()
        offer = self.offers.moving(offer_id, hold.DECLINE)
        if offer is None:
            return  # declined already: a retried command
        self._record_about(
            self.OfferDeclined,
            offer_id,
            offer,
            reason=coded(OfferDecline, reason),
            occurred_at=occurred_at,
        )

    def book_admission(self, *, offer_id: uuid.UUID, on: date, occurred_at: datetime) -> None:
        self._must_be_open()
        offer = self.offers.moving(offer_id, hold.BOOK, lambda o: o.booked_on == on)
        if offer is None:
            return  # the same booking again: a retried command
        self._record_about(self.AdmissionBooked, offer_id, offer, on=on, occurred_at=occurred_at)

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
        if offer is None:
            return  # unreachable: the same admission again returned above
        self._record_about(
            self.PlacementAdmitted,
            offer_id,
            offer,
            home_name=home_name,
            bed_type=offer.bed_type,
            interim=interim,
            occurred_at=occurred_at,
        )
