"""Offers, the family's choice and the move into the home.

An offer asks the vacancies service to hold the bed (a saga between the services), so the
family is asked only after the hold was answered; if the bed went meanwhile the offer
failed and the broker tries the next assessed home or refers again. A family that declines
for choice (DTOC G) visits more homes for a few days first. The admission into the home is
the broker's command; the discharge service ends the hospital episode by itself.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from events.platform.errors import DomainError
from services.simulation import calibration as cal
from services.simulation.clock import uk_day, uk_time
from services.simulation.desk import HOUR, Desk
from services.simulation.needs import Placement


class Offers:
    def __init__(self, desk: Desk) -> None:
        self.d = desk
        self.hold_hours = desk.broker.settings.reservation_hold_hours
        desk.offer_next = self.offer_next

    def offer_next(self, pl: Placement, now: datetime) -> None:
        """Offer the next assessed home still taking placements, or refer again."""
        if pl.offer is not None:
            return  # one live offer at a time
        while pl.assessed and not pl.done:
            home = pl.assessed.pop(0)
            try:
                status = self.d.broker.home(home.home_id)
            except DomainError:
                continue
            if home.suspended or not status.taking_placements:
                continue
            fee = cal.WEEKLY_FEE[pl.registration] * pl.patient.rng.uniform(0.95, 1.2)
            top_up = 0.0 if pl.funding != "council" or pl.patient.rng.random() > 0.1 else 75.0
            offer_id = self.d.ids.uuid("offer", pl.patient.reference, pl.offers)
            if self.d.command(
                pl,
                "offer_bed",
                offer_id=offer_id,
                home=status,
                weekly_fee=round(fee, 2),
                top_up=top_up,
                hold_hours=self.hold_hours,
                occurred_at=now,
            ):
                pl.offers += 1
                pl.offer = (offer_id, home)
                self.d.market.promise(home, pl.bed_type, 1)
                self.d.stats.offers += 1
                wait = timedelta(hours=pl.patient.rng.uniform(4, 48))
                self.d.agenda.after(now, wait, lambda at: self.family(pl, at))
                return
        if not pl.done and not pl.pending:
            self.d.agenda.after(now, HOUR, lambda at: self.d.refer(pl, at))

    def _fell_through(self, pl: Placement) -> None:
        if pl.offer is not None:
            self.d.market.promise(pl.offer[1], pl.bed_type, -1)
        pl.offer = None

    def family(self, pl: Placement, now: datetime) -> None:
        """The person and family hear of the held bed and choose."""
        if pl.done or pl.offer is None:
            return
        offer_id, home = pl.offer
        self.d.sync()
        status = self.d.broker.app.request(pl.request_id).offers[offer_id].status
        if status == "requested":  # the hold has not been answered yet
            self.d.agenda.after(now, HOUR, lambda at: self.family(pl, at))
            return
        rng = pl.patient.rng
        if status != "confirmed":  # the bed went to someone else meanwhile
            self.d.stats.offers_failed += 1
            self._fell_through(pl)
            self.offer_next(pl, now)
        elif rng.random() < cal.FAMILY_ACCEPTS:
            if self.d.command(pl, "accept_offer", offer_id=offer_id, occurred_at=now):
                self.d.agenda.after(
                    now, timedelta(hours=rng.uniform(1, 3)), lambda at: self.book(pl, at)
                )
        else:
            reason = "family_choice" if rng.random() < 0.75 else "location"
            if self.d.command(
                pl, "decline_offer", offer_id=offer_id, reason=reason, occurred_at=now
            ):
                self.d.stats.offers_declined += 1
                self._fell_through(pl)
                visits = timedelta(days=rng.uniform(*cal.FAMILY_VISITS_DAYS))
                self.d.agenda.after(now, visits, lambda at: self.offer_next(pl, at))

    def book(self, pl: Placement, now: datetime) -> None:
        if pl.done or pl.offer is None:
            return
        on = uk_day(now) + timedelta(days=pl.patient.rng.randint(*cal.MOVE_IN_DAYS))
        if self.d.command(pl, "book_admission", offer_id=pl.offer[0], on=on, occurred_at=now):
            move = max(uk_time(on, pl.patient.rng.uniform(11, 15)), now + HOUR)
            self.d.agenda.at(move, lambda at: self.move_in(pl, at))

    def move_in(self, pl: Placement, now: datetime) -> None:
        if pl.done or pl.offer is None:
            return
        offer_id, home = pl.offer
        if self.d.command(
            pl, "admit", offer_id=offer_id, home_name=home.spec.name, interim=False, occurred_at=now
        ):
            pl.done = True
            self.d.market.admitted(home, pl.bed_type)
            self.d.stats.placements += 1
            self.d.wards.left(now, pl.patient.ready_at)
