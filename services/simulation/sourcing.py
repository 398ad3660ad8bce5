"""Ready on P1: the ward marks the person ready and the broker service opens a package
request by itself; the ward's assessment of the care needed goes on it a few hours later (for
some, after a wait of another kind first, under the ward's own reason); the broker offers it
to the zone's strategic partners, then cascades to spot providers; agencies answer (some
late, some never: the broker service escalates those) and the first to accept has its hours
held (`going_home.py`). While it is sourced the episode's reason is E, set by the discharge
service from the broker's events, never by hand."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from events.platform.errors import DomainError
from services.broker.domain.package_request import AgencyStatus
from services.discharge.application import Step
from services.simulation import calibration as cal
from services.simulation.agencies import Agency, HomeCareMarket
from services.simulation.agency_choice import next_round
from services.simulation.clock import uk_day, uk_time
from services.simulation.desk import HOUR, Desk, log
from services.simulation.package_care import Package, brokered_here, care_needed
from services.simulation.patients import Patient


class Sourcing:
    def __init__(self, desk: Desk, market: HomeCareMarket) -> None:
        self.d, self.market = desk, market
        self.fresh_hours = desk.broker.settings.vacancy_fresh_hours
        # the hold stage, from the hours asked to their answer (set by `GoingHome`)
        self.held: Callable[[Package, uuid.UUID, datetime], None] = lambda pkg, h, now: None
        self.check_at: Callable[[datetime], datetime] = lambda now: now + HOUR

    def command(self, pkg: Package, method: str, **kwargs: Any) -> Any:
        """A command on the person's package request: the request, or None if refused."""
        try:
            return self.d.broker.app.package_command(pkg.request_id, method, **kwargs)
        except DomainError as exc:
            log.debug("%s refused for %s: %s", method, pkg.patient.reference, exc)
            self.d.stats.refused[f"package {method}"] += 1
            return None

    def ready(self, patient: Patient, now: datetime) -> bool:
        """Whether the person's package is sourced here (the council's own residents)."""
        if not brokered_here(patient):
            return False
        pkg, rng = care_needed(patient), patient.rng
        steps = [Step("mark_ready", pathway="P1", occurred_at=now)]
        wait = timedelta(hours=rng.uniform(*cal.NEEDS_HOURS))
        if rng.random() < cal.P1_WAITS_FIRST:
            first = cal.P1_FIRST
            story = rng.choices(first, [s.weight / s.mean_days for s in first])[0]
            days = max(1, round(rng.lognormvariate(math.log(story.mean_days) - 0.2, 0.6)))
            steps.append(self.d.wards.reason(patient, story.code, story.agency, now))
            wait = uk_time(uk_day(now) + timedelta(days=days), rng.uniform(10, 15)) - now
        if self.d.wards.record(patient, "ready", *steps):
            self.d.stats.packages += 1
            self.d.agenda.after(now, wait, lambda at: self.needs(pkg, at))
        return True

    def needs(self, pkg: Package, now: datetime) -> None:
        found = self.d.broker.app.find_package
        if found(pkg.request_id) is None:  # not opened yet: let the services exchange now
            self.d.sync()
        if found(pkg.request_id) is None:  # not delivered yet
            self.d.agenda.after(now, HOUR, lambda at: self.needs(pkg, at))
            return
        if self.record_needs(pkg, now):
            self.source(pkg, now)

    def record_needs(self, pkg: Package, now: datetime) -> bool:
        """The care needed, to start today: a broker still sourcing on a later day moves the
        start to that day, since agencies report hours free from the day they report."""
        care = pkg.care(uk_day(now))
        if self.command(pkg, "record_needs", care=care, urgency="urgent", occurred_at=now):
            pkg.start_on = uk_day(now)
            return True
        return False

    def later(self, pkg: Package, now: datetime, delay: timedelta) -> None:
        """Look for agencies again after `delay`, unless something else moved first."""
        pkg.looks += 1
        look = pkg.looks

        def again(at: datetime) -> None:
            if look == pkg.looks:
                self.source(pkg, at)

        self.d.agenda.after(now, delay, again)

    def source(self, pkg: Package, now: datetime) -> None:
        """Ask an agency that accepted earlier and has the hours now, or offer a round."""
        if pkg.done or pkg.hold is not None:
            return
        pkg.looks += 1
        if pkg.start_on is not None and pkg.start_on < uk_day(now):
            self.record_needs(pkg, now)
        hours = pkg.hours()
        for agency in list(pkg.accepted):
            if self.market.covers(agency, pkg.zone, hours):
                pkg.accepted.remove(agency)
                self.ask_hours(pkg, agency, now)
                return
        agencies = next_round(self.market, pkg, now, self.fresh_hours)
        if not agencies:  # everyone was asked: a day later, ask again those who said no
            pkg.turned_down.clear()
            self.later(pkg, now, timedelta(hours=pkg.patient.rng.uniform(16, 24)))
            return
        self.offer(pkg, agencies, now)

    def offer(self, pkg: Package, agencies: list[Agency], now: datetime) -> None:
        offers: list[tuple[str, AgencyStatus, Agency]] = []
        for agency in agencies:
            try:
                status = self.d.broker.packages.agency(agency.id, cal.COUNCIL[0])
            except DomainError:  # not in the broker's book yet
                continue
            offers.append((f"o{len(pkg.offered) + len(offers) + 1}", status, agency))
        answer_by = now + timedelta(hours=cal.PACKAGE_ANSWER_WITHIN_HOURS)
        try:
            sent = [(offer_id, status) for offer_id, status, _ in offers]
            self.d.broker.app.offer_package(pkg.request_id, sent, answer_by, now)
        except DomainError as exc:
            log.debug("offers refused for %s: %s", pkg.patient.reference, exc)
            self.d.stats.refused["package offer"] += 1
            offers = []
        for offer_id, _, agency in offers:
            pkg.offered[offer_id] = agency
            self.d.stats.package_offers += 1
            self.schedule_answer(pkg, offer_id, agency, now)
        self.later(pkg, now, timedelta(hours=cal.PACKAGE_ANSWER_WITHIN_HOURS + 1))

    def schedule_answer(self, pkg: Package, offer_id: str, agency: Agency, now: datetime) -> None:
        rng = pkg.patient.rng
        hours = rng.uniform(*cal.AGENCY_ANSWER_HOURS[agency.answering])
        if agency.answering != "silent" or rng.random() < 0.3:  # late, past the deadline
            self.d.agenda.after(now, timedelta(hours=hours),
                                lambda at: self.answer(pkg, offer_id, agency, at))  # fmt: skip

    def answer(self, pkg: Package, offer_id: str, agency: Agency, now: datetime) -> None:
        """The agency takes the package if it really has the hours, or declines (coded)."""
        if pkg.done:
            return
        rng, hours = pkg.patient.rng, pkg.hours()
        no = self.market.decide(agency, pkg.zone, hours, pkg.double_handed, rng)
        request = self.command(pkg, "answer_offer", offer_id=offer_id, accept=no is None,
                               reason=no, occurred_at=now)  # fmt: skip
        if request is None:
            return
        pkg.answered.add(offer_id)
        if no is not None:
            self.d.stats.package_declines[no] += 1
            pkg.declined.add(offer_id)
            pkg.turned_down.add(agency.id)
            if pkg.hold is None and not pkg.accepted and pkg.answered >= set(pkg.offered):
                self.later(pkg, now, HOUR)  # the whole round said no: cascade now
            return
        self.d.stats.package_accepts += 1
        live = request.live_hold()
        if live is None or (pkg.hold is not None and pkg.hold[0] == live[0]):
            pkg.accepted.append(agency)  # on record, for later
            return
        if pkg.hold is not None:  # the hold we knew of was refused meanwhile, unheard
            self.d.stats.hours_refused += 1
            self.market.promise(pkg.hold[1], pkg.zone, pkg.hours(), -1)
        self.holding(pkg, live[0], agency, now)  # the broker asked this agency's hours

    def ask_hours(self, pkg: Package, agency: Agency, now: datetime) -> None:
        """Ask again the hours of an agency that accepted before (after a fall-through)."""
        hold_id = self.d.ids.uuid("hold", pkg.patient.reference, pkg.holds)
        try:
            status = self.d.broker.packages.agency(agency.id, cal.COUNCIL[0])
        except DomainError:
            self.later(pkg, now, HOUR)
            return
        if self.command(pkg, "hold_hours", hold_id=hold_id, agency=status, occurred_at=now):
            self.holding(pkg, hold_id, agency, now)
        else:
            self.later(pkg, now, HOUR)

    def holding(self, pkg: Package, hold_id: uuid.UUID, agency: Agency, now: datetime) -> None:
        pkg.hold, pkg.holds = (hold_id, agency), pkg.holds + 1
        pkg.looks += 1  # no other look while the hours are asked for
        self.market.promise(agency, pkg.zone, pkg.hours(), +1)
        self.d.agenda.at(self.check_at(now), lambda at: self.held(pkg, hold_id, at))
