"""A bed request's referrals to care homes and the homes' assessments: the decisions.

A mixin of `PlacementRequest`: each command checks the request's state and records one of
the aggregate's events (declared there, with how each changes the state). The round itself
(several homes at once, each with a deadline) is the shared `referral_round`.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import ClassVar

from services.broker.domain.bed_request import BedRequestState, HomeStatus, Published
from services.broker.domain.errors import Conflict
from services.broker.domain.referral_round import Referral
from services.broker.domain.vocabulary import Assessor, ReferralDecline, parse


class BedReferrals(BedRequestState):
    ReferralSent: ClassVar[type[Published]]
    ReferralAccepted: ClassVar[type[Published]]
    ReferralDeclined: ClassVar[type[Published]]
    ReferralEscalated: ClassVar[type[Published]]
    AssessmentBooked: ClassVar[type[Published]]
    AssessmentCompleted: ClassVar[type[Published]]

    def referral_to(self, home_id: uuid.UUID) -> Referral | None:
        return self.referrals.open_to(home_id)

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

    def escalate_overdue(self, *, now: datetime) -> list[str]:
        """Referrals past their deadline with no answer are escalated; returns their ids."""
        if self.closed:
            return []
        overdue = self.referrals.overdue(now)
        for rid in overdue:
            home_id = self.referrals[rid].home_id
            self._record(self.ReferralEscalated, referral_id=rid, home_id=home_id, occurred_at=now)
        return overdue

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
