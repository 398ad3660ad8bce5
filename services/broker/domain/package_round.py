"""A package request's offers to home care agencies: the decisions.

A mixin of `PackageRequest`: each command checks the request's state and records one of the
aggregate's events (declared there, with how each changes the state). The round itself
(several agencies at once, each with a deadline, escalated once when overdue) is the shared
`referral_round`; the zone's agencies first, then the cascade, is the order the broker offers
in (the agency book ranks them so). An agency that accepts while no hold is live has its
hours asked for at once, so the first to accept is the first held.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from services.broker.domain.package_state import AgencyStatus, PackagePublished, PackageRequestState
from services.broker.domain.package_words import AgencyDecline

HOLD_NAMESPACE = uuid.UUID("8a41c2e7-3b9d-4f06-a5c1-2e7d9b0f4c63")


def hold_on_acceptance(request_id: uuid.UUID, offer_id: str) -> uuid.UUID:
    """The hold asked for when an agency accepts: known again if the answer is retried."""
    return uuid.uuid5(HOLD_NAMESPACE, f"{request_id}:{offer_id}")


class PackageRound(PackageRequestState):
    PackageOffered: ClassVar[type[PackagePublished]]
    PackageOfferAccepted: ClassVar[type[PackagePublished]]
    PackageOfferDeclined: ClassVar[type[PackagePublished]]
    PackageOfferEscalated: ClassVar[type[PackagePublished]]

    if TYPE_CHECKING:  # package_hours.PackageHours decides it

        def _ask_hours(self, hold_id: uuid.UUID, agency_id: uuid.UUID, at: datetime) -> None: ...

    def offer(
        self, *, offer_id: str, agency: AgencyStatus, answer_by: datetime, occurred_at: datetime
    ) -> None:
        """Offer the package to an agency, which must answer by `answer_by`."""
        care = self._needs()
        if self.offers.repeats(offer_id, agency.agency_id):
            return  # the same offer (the caller chose its id) again: a retried command
        self._must_take_packages(agency, care.service)
        self.offers.check_new(agency.agency_id, agency.name, answer_by, occurred_at)
        self._record(
            self.PackageOffered,
            offer_id=offer_id,
            agency_id=agency.agency_id,
            zone=care.zone,
            hours=care.weekly_hours(),
            answer_by=answer_by,
            occurred_at=occurred_at,
        )

    def answer_offer(
        self, *, offer_id: str, accept: bool, reason: str | None, occurred_at: datetime
    ) -> None:
        """The agency can cover the calls, or declines with a coded reason. A late answer
        after escalation still counts. An acceptance while no hold is live asks for the
        agency's hours at once."""
        self._must_be_open()
        answer = self.offers.answer(offer_id, accept, reason, AgencyDecline)
        if answer is None:
            return  # the same answer again: a retried command
        agency_id = self.offers[offer_id].home_id
        about = {"offer_id": offer_id, "agency_id": agency_id, "occurred_at": occurred_at}
        if not answer.accept:
            self._record(self.PackageOfferDeclined, **about, reason=answer.reason)
            return
        self._record(self.PackageOfferAccepted, **about)
        if self.holds.live() is None:
            self._ask_hours(hold_on_acceptance(self.id, offer_id), agency_id, occurred_at)

    def escalate_overdue(self, *, now: datetime) -> list[str]:
        """Offers past their deadline with no answer are escalated (the cascade moves on);
        returns their ids."""
        if self.closed:
            return []
        overdue = self.offers.overdue(now)
        for oid in overdue:
            agency_id = self.offers[oid].home_id
            self._record(
                self.PackageOfferEscalated, offer_id=oid, agency_id=agency_id, occurred_at=now
            )
        return overdue
