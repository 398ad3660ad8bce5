"""The broker refers the person to a few homes at once, chosen from the vacancy board (fresh
reports first, else ringing round); homes answer, late or never (the broker service
escalates those), and a home that accepts assesses the person, itself or through a trusted
assessor. A home that can meet the needs goes to the offer stage (`offers.py`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from events.platform.errors import DomainError
from services.simulation import calibration as cal
from services.simulation.clock import uk_day, uk_time
from services.simulation.desk import Desk
from services.simulation.market import Home
from services.simulation.needs import Placement


class Referrals:
    def __init__(self, desk: Desk) -> None:
        self.d = desk
        desk.refer = self.refer

    def refer(self, pl: Placement, now: datetime) -> None:
        if pl.done or pl.offer is not None:
            return
        request = self.d.broker.app.request(pl.request_id)
        market = self.d.market
        # the homes with a live referral, from the request's few referrals rather than asking
        # about each of the market's homes (14,000 at England's size, every round)
        live = {r.home_id for r in request.referrals.values() if request.referral_to(r.home_id)}
        skip = pl.asked | live
        fresh = self.d.broker.settings.vacancy_fresh_hours
        homes = market.candidates(
            pl.bed_type, pl.specialisms, pl.localities, now, skip, fresh
        ) or [h for h in market.homes if h.home_id not in skip and not h.suspended
              and h.suits(pl.bed_type, pl.specialisms)]  # fmt: skip
        if not homes:  # everyone has been asked: wait, then ask again those who said no
            pl.asked.clear()
            self.d.agenda.after(now, timedelta(days=1), lambda at: self.refer(pl, at))
            return
        for home in homes[: cal.REFERRALS_PER_ROUND]:
            self.send(pl, home, now)
        deadline = timedelta(hours=cal.ANSWER_WITHIN_HOURS + 1)
        self.d.agenda.after(now, deadline, lambda at: self.review(pl, at))

    def send(self, pl: Placement, home: Home, now: datetime) -> None:
        referral_id = f"r{len(pl.referred) + 1}"
        pl.asked.add(home.home_id)
        try:
            status = self.d.broker.home(home.home_id)
        except DomainError:
            return
        answer_by = now + timedelta(hours=cal.ANSWER_WITHIN_HOURS)
        if not self.d.command(pl, "refer", referral_id=referral_id, home=status,
                              answer_by=answer_by, occurred_at=now):  # fmt: skip
            return
        pl.referred[referral_id] = home
        self.d.stats.referrals += 1
        rng = pl.patient.rng
        hours = rng.uniform(*cal.ANSWER_HOURS[home.answering])
        if home.answering != "silent" or rng.random() < 0.3:
            self.d.agenda.after(now, timedelta(hours=hours),
                                lambda at: self.answer(pl, referral_id, home, at))  # fmt: skip

    def answer(self, pl: Placement, referral_id: str, home: Home, now: datetime) -> None:
        """The home accepts to assess if it really has a suitable bed free, or declines."""
        if pl.done:
            return
        rng = pl.patient.rng
        decline = "other" if home.suspended else self.d.market.decide(home, pl.bed_type, rng)
        if not self.d.command(pl, "answer_referral", referral_id=referral_id,
                              accept=decline is None, reason=decline, occurred_at=now):  # fmt: skip
            return
        if decline is not None:
            self.d.stats.referrals_declined += 1
            return
        self.d.stats.referrals_accepted += 1
        pl.pending += 1
        self.d.agenda.after(now, timedelta(hours=rng.uniform(1, 8)),
                            lambda at: self.book(pl, home, at))  # fmt: skip

    def book(self, pl: Placement, home: Home, now: datetime) -> None:
        """The home's own pre-admission assessment, or a trusted assessor's sooner."""
        rng = pl.patient.rng
        trusted = rng.random() < cal.TRUSTED_ASSESSOR
        on = uk_day(now) + timedelta(days=1 if trusted else rng.randint(1, 2))
        assessor = "trusted_assessor" if trusted else "home"
        if pl.done or not self.d.command(pl, "book_assessment", home_id=home.home_id,
                                         assessor=assessor, on=on, occurred_at=now):  # fmt: skip
            pl.pending -= 1
            return
        assessed_at = uk_time(on, rng.uniform(10, 15))
        self.d.agenda.after(now, assessed_at - now, lambda at: self.assess(pl, home, at))

    def assess(self, pl: Placement, home: Home, now: datetime) -> None:
        pl.pending -= 1
        met = pl.patient.rng.random() < cal.NEEDS_MET
        if pl.done or not self.d.command(pl, "complete_assessment", home_id=home.home_id,
                                         can_meet_needs=met, occurred_at=now):  # fmt: skip
            return
        if met:
            pl.assessed.append(home)
        if pl.offer is None and (met or not pl.pending):
            self.d.offer_next(pl, now)  # offers this home, or refers again if none is left

    def review(self, pl: Placement, now: datetime) -> None:
        """After the answer deadline: if nothing is moving, refer to the next homes."""
        if not (pl.done or pl.offer or pl.pending or pl.assessed):
            self.refer(pl, now)
