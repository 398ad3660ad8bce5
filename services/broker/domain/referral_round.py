"""A referral round: a request offered to several providers at once, each with a deadline.

Each provider accepts (to assess the person) or declines with a coded reason; one that has
not answered by its deadline is escalated once, and a late answer still counts. A care
home's referral works so today; a home care agency's offer of a package will too. The
round decides and changes state; the aggregate that owns it records the events.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from services.broker.domain.answers import Answer
from services.broker.domain.errors import Conflict, InvalidInput, NotFound, WrongStage

OPEN = ("sent", "escalated", "accepted")  # a provider with one of these is not asked again
AWAITING = ("sent", "escalated")  # an answer may still come


@dataclass
class Referral:
    # The provider asked: `home_id` is the name the API and the pages read.
    home_id: uuid.UUID
    sent_at: datetime
    answer_by: datetime
    status: str = "sent"  # sent, accepted, declined, escalated
    answered_at: datetime | None = None
    decline_reason: str | None = None
    assessment: str | None = None  # booked, met, not_met
    assessment_on: date | None = None  # the booked day: a retried booking is the same one


class ReferralRound(dict[str, Referral]):
    """The referrals of one request by id (the caller chooses the id, so a retry is known)."""

    def open_to(self, provider_id: uuid.UUID) -> Referral | None:
        """The provider's referral still open (sent, escalated or accepted), if any."""
        for r in self.values():
            if r.home_id == provider_id and r.status in OPEN:
                return r
        return None

    def find(self, referral_id: str) -> Referral:
        try:
            return self[referral_id]
        except KeyError:
            raise NotFound(f"no referral {referral_id} on this request") from None

    def accepted_by(self, provider_id: uuid.UUID) -> Referral:
        """The provider's accepted referral, which its assessment and an offer build on."""
        for r in self.values():
            if r.home_id == provider_id and r.status == "accepted":
                return r
        raise WrongStage("the home has not accepted a referral to assess this person")

    # -- deciding --------------------------------------------------------------------------

    def repeats(self, referral_id: str, provider_id: uuid.UUID) -> bool:
        """Whether this referral was sent already (a retried command); its id used for
        another provider is a conflict."""
        sent = self.get(referral_id)
        if sent is not None and sent.home_id == provider_id:
            return True
        if sent is not None:
            raise Conflict(f"referral {referral_id} already exists")
        return False

    def check_new(
        self, provider_id: uuid.UUID, name: str, answer_by: datetime, sent_at: datetime
    ) -> None:
        """One open referral per provider, with a deadline after it is sent."""
        if self.open_to(provider_id) is not None:
            raise Conflict(f"{name} already has an open referral for this person")
        if answer_by <= sent_at:
            raise InvalidInput("answer_by", "must be after the referral is sent")

    def answer(
        self, referral_id: str, accept: bool, reason: str | None, declines: type[StrEnum]
    ) -> Answer | None:
        """The provider's answer read against the referral; None when it is the same answer
        again (a retried command). An escalated referral may still be answered."""
        referral = self.find(referral_id)
        if Answer.repeats(referral.status, referral.decline_reason, accept, reason):
            return None
        if referral.status not in AWAITING:
            raise WrongStage(f"referral {referral_id} was already answered ({referral.status})")
        return Answer.read(accept, reason, declines)

    def overdue(self, now: datetime) -> list[str]:
        """The referrals past their deadline with no answer, not yet escalated."""
        return [rid for rid, r in self.items() if r.status == "sent" and r.answer_by <= now]

    # -- changing state (from recorded events only) ----------------------------------------

    def sent(self, referral_id: str, provider_id: uuid.UUID, at: datetime, by: datetime) -> None:
        self[referral_id] = Referral(provider_id, at, by)

    def answered(self, referral_id: str, answer: Answer, at: datetime) -> None:
        referral = self[referral_id]
        referral.status = "accepted" if answer.accept else "declined"
        referral.answered_at = at
        if not answer.accept:
            referral.decline_reason = answer.reason

    def escalated(self, referral_id: str) -> None:
        self[referral_id].status = "escalated"
