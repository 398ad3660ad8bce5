"""From hours held to the first call at home.

The agency's hours are held through the vacancies service (a saga between the services), so
the person hears of the package only once the hold is answered; refused hours (the agency's
report did not cover them) send the broker back to sourcing. Most people accept; a few
decline the agency or its call times (DTOC G while the family thinks again). The first call
is booked for the same evening when it can be, else the next morning; a few packages fall
through before it (the agency withdraws or cannot staff it) and sourcing starts over. The
first call starts the package and the discharge service ends the hospital stay by itself.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from services.simulation import calibration as cal
from services.simulation.agencies import HomeCareMarket
from services.simulation.clock import UK, uk_day, uk_time
from services.simulation.desk import HOUR, Desk
from services.simulation.package_care import Package
from services.simulation.sourcing import Sourcing

EVENING_FROM = 18  # booked after this (UK hour), the first call is the next morning (guess)
# The broker looks at the answers to the hours asked for at these UK hours (guess): one
# exchange of the services' events serves every package waiting for its answer.
ROUNDS = (10, 12, 14, 16, 18)


def next_round(now: datetime) -> datetime:
    """The first of the broker's rounds at least an hour from now."""
    day = uk_day(now)
    while True:
        for hour in ROUNDS:
            if uk_time(day, hour) >= now + HOUR:
                return uk_time(day, hour)
        day += timedelta(days=1)


class GoingHome:
    def __init__(self, desk: Desk, market: HomeCareMarket, sourcing: Sourcing) -> None:
        self.d, self.market, self.s = desk, market, sourcing
        sourcing.held, sourcing.check_at = self.held, next_round

    def _let_go(self, pkg: Package) -> None:
        """The hours are no longer held for this person (the service releases them)."""
        if pkg.hold is not None:
            _, agency = pkg.hold
            self.market.promise(agency, pkg.zone, pkg.hours(), -1)
            pkg.turned_down.add(agency.id)
        pkg.hold = None

    def held(self, pkg: Package, hold_id: uuid.UUID, now: datetime) -> None:
        if pkg.done or pkg.hold is None or pkg.hold[0] != hold_id:
            return  # another hold took its place meanwhile (see `Sourcing.answer`)
        status = self.d.broker.app.package(pkg.request_id).holds[hold_id].status
        if status == "requested":  # the answer may be on its way: let the services exchange
            self.d.sync()
            status = self.d.broker.app.package(pkg.request_id).holds[hold_id].status
        if status == "requested":  # not answered yet
            self.d.agenda.at(next_round(now), lambda at: self.held(pkg, hold_id, at))
        elif status == "confirmed":
            self.d.stats.hours_held += 1
            wait = timedelta(hours=pkg.patient.rng.uniform(1, 2))
            self.d.agenda.after(now, wait, lambda at: self.person(pkg, at))
        else:  # refused by the agency's service: its report did not cover the hours
            self.d.stats.hours_refused += 1
            self._let_go(pkg)
            self.s.source(pkg, now)

    def person(self, pkg: Package, now: datetime) -> None:
        """The person and family hear of the package and choose."""
        if pkg.done or pkg.hold is None:
            return
        hold_id, _ = pkg.hold
        rng = pkg.patient.rng
        if rng.random() < cal.PERSON_ACCEPTS:
            if self.s.command(pkg, "accept_package", hold_id=hold_id, occurred_at=now):
                self.book(pkg, now)
            return
        reason = rng.choice(("family_choice", "call_times", "agency"))
        if self.s.command(pkg, "decline_package", hold_id=hold_id, reason=reason,
                          occurred_at=now):  # fmt: skip
            self.d.stats.person_declines += 1
            self._let_go(pkg)
            self.s.later(pkg, now, timedelta(days=rng.uniform(1, 3)))

    def book(self, pkg: Package, now: datetime) -> None:
        if pkg.hold is None:
            return
        hold_id, _ = pkg.hold
        rng, today = pkg.patient.rng, uk_day(now)
        evening = now.astimezone(UK).hour < EVENING_FROM
        on = today if evening else today + timedelta(days=1)
        if not self.s.command(pkg, "book_start", hold_id=hold_id, on=on, occurred_at=now):
            return
        first_call = uk_time(on, rng.uniform(18.5, 20.5) if evening else rng.uniform(7.5, 10))
        first_call = max(first_call, now + HOUR)
        if rng.random() < cal.FALLS_THROUGH:
            told = max(first_call - timedelta(hours=rng.uniform(1, 4)), now + HOUR)
            self.d.agenda.at(told, lambda at: self.fall_through(pkg, at))
        else:
            self.d.agenda.at(first_call, lambda at: self.start(pkg, at))

    def fall_through(self, pkg: Package, now: datetime) -> None:
        if pkg.done or pkg.hold is None:
            return
        hold_id, _ = pkg.hold
        reason = pkg.patient.rng.choice(("staffing", "agency_withdrew"))
        if self.s.command(pkg, "fall_through", hold_id=hold_id, reason=reason, occurred_at=now):
            self.d.stats.fell_through += 1
            self._let_go(pkg)
            self.s.later(pkg, now, HOUR)

    def start(self, pkg: Package, now: datetime) -> None:
        """The first call: the person is home."""
        if pkg.done or pkg.hold is None:
            return
        hold_id, agency = pkg.hold
        if self.s.command(pkg, "start", hold_id=hold_id, agency_name=agency.name,
                          occurred_at=now):  # fmt: skip
            pkg.done = True
            self.market.started(agency, pkg.zone, pkg.hours())
            self.d.stats.packages_started += 1
            self.d.wards.left(now, pkg.patient.ready_at)
