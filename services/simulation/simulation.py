"""The borough run as one agenda of tasks over the three services of one embedded process.

Headless, the services exchange their events (`Runtime.drain`) every few simulated hours and
whenever a task is about to read what another service did (`sync`): at points fixed by the
agenda, so a run is deterministic, and in large batches, which is what makes it fast. Live
(`drain=False`), the runtime's own background loops deliver the events and a task that finds
no answer yet looks again an hour later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol, cast

from events.platform.errors import DomainError
from services.broker.bootstrap import Broker
from services.discharge.bootstrap import Discharge
from services.simulation import calibration as cal
from services.simulation.agencies import HomeCareMarket
from services.simulation.agenda import Action, Agenda
from services.simulation.assessment import NeedsAssessment
from services.simulation.borough import care_homes
from services.simulation.clock import Ids, history_end, uk_day, uk_time
from services.simulation.desk import Desk
from services.simulation.going_home import GoingHome
from services.simulation.market import CareMarket
from services.simulation.offers import Offers
from services.simulation.patients import Patient, admissions
from services.simulation.referrals import Referrals
from services.simulation.sourcing import Sourcing
from services.simulation.stats import Stats
from services.simulation.wards import Wards
from services.vacancies.bootstrap import Vacancies

EXCHANGE_EVERY = timedelta(hours=6)  # more often only costs time: tasks `sync` when they must
CENSUS_DAYS = 14  # patients admitted this long before the history starts may still be in


@dataclass(frozen=True)
class Config:
    seed: int = 7
    days: int = 30
    homes: int = cal.HOMES
    admissions_per_day: float | None = None  # default: in proportion to the homes
    end: datetime | None = None  # default: the start of today, UK time
    home_care: bool = True  # off: P1 patients keep the wards' reasons, as over HTTP (remote/)

    @property
    def daily_admissions(self) -> float:
        if self.admissions_per_day is not None:
            return self.admissions_per_day
        return cal.ADMISSIONS_PER_DAY * self.homes / cal.HOMES


class Exchange(Protocol):
    """What a simulation needs of its runtime: the services by name and a way to let them
    exchange their events now (`services.runtime.Runtime`, or over HTTP `RemoteRuntime`)."""

    @property
    def services(self) -> Mapping[str, object]: ...

    def drain(self) -> None: ...


class Simulation:
    def __init__(self, runtime: Exchange, config: Config) -> None:
        # the services in this process, or their HTTP stand-ins (`services.simulation.remote`)
        # with the same methods and answers: the agenda calls them alike
        vacancies = cast(Vacancies, runtime.services["vacancies"])
        discharge = cast(Discharge, runtime.services["discharge"])
        broker = cast(Broker, runtime.services["broker"])
        self.runtime, self.config = runtime, config
        self.vacancies, self.discharge, self.broker = vacancies, discharge, broker
        self.ids, self.stats, self.agenda = Ids(config.seed), Stats(), Agenda()
        self.end = config.end or history_end()
        self.first_day = uk_day(self.end) - timedelta(days=config.days)
        self.start = uk_time(self.first_day, 0)
        self.market = CareMarket(
            vacancies.app, self.ids, care_homes(self.ids, config.homes), self.stats
        )
        self.wards = Wards(discharge.app, self.agenda, self.stats)
        self.desk = Desk(broker, self.market, self.wards, self.agenda, self.stats)
        needs, _, _ = NeedsAssessment(self.desk), Referrals(self.desk), Offers(self.desk)
        self.wards.on_p3, self.wards.on_left = needs.start, needs.went_back
        # home care for the council's own P1 residents, their packages sourced by zone; a
        # runtime whose stand-ins do not drive it (remote/runtime.py) says so
        p1 = config.daily_admissions * cal.PATHWAYS["P1"][0] * cal.RESIDENCE[0][2]
        self.agencies = HomeCareMarket(vacancies.app, self.ids, p1, self.stats)
        self.home_care = config.home_care and bool(getattr(runtime, "home_care", True))
        if self.home_care:
            sourcing = Sourcing(self.desk, self.agencies)
            GoingHome(self.desk, self.agencies, sourcing)
            self.wards.on_p1 = sourcing.ready
        self.now = self.start
        self._exchanged = datetime.min.replace(tzinfo=UTC)
        self._draining = True
        self.desk.sync = self.sync_to_read

    def is_open(self) -> bool:
        """Whether this borough (same seed) is already in the services' stores."""
        try:
            self.vacancies.app.home(self.market.homes[0].home_id)
            return True
        except DomainError:
            return False

    def open(self) -> None:
        """Register the homes and agencies; plan the first day, the census and the inspection."""
        self.market.open(self.start)
        if self.home_care:
            self.agencies.open(self.start)
        rate = self.config.daily_admissions
        for back in range(CENSUS_DAYS, 0, -1):  # in hospital already, not yet ready
            for patient in admissions(self.ids, self.first_day - timedelta(days=back), rate):
                if patient.ready_at >= self.start:
                    self.agenda.at(self.start, self._admit(patient))
        self.agenda.at(self.start, lambda at: self.new_day(self.first_day, at))
        inspection = uk_time(self.first_day + timedelta(days=self.config.days // 2), 10)
        self.agenda.at(inspection, self.market.inspect)

    def _admit(self, patient: Patient) -> Action:
        return lambda at: self.wards.admit(patient, at)

    def new_day(self, day: date, now: datetime) -> None:
        self.market.new_day(day, self.agenda, first=day == self.first_day)
        if self.home_care:
            self.agencies.new_day(day, self.agenda, first=day == self.first_day)
        for patient in admissions(self.ids, day, self.config.daily_admissions):
            self.agenda.at(patient.admitted_at, self._admit(patient))
        self.agenda.at(uk_time(day, 9), self.escalate)
        self.agenda.at(
            uk_time(day + timedelta(days=1), 0),
            lambda at: self.new_day(day + timedelta(days=1), at),
        )

    def escalate(self, now: datetime) -> None:
        """The broker service's sweep for referrals and package offers nobody answered in
        time, and for hours held for packages that did not start in time."""
        self.stats.escalated += self.broker.escalate_overdue(now)
        if self.home_care:
            self.stats.holds_lapsed += self.broker.lapse_overdue_holds(now)

    def sync(self) -> None:
        """Let the services exchange their events now, for a task about to read what another
        service did. Headless only: live, the runtime's background loops deliver them."""
        if self._draining:
            self.runtime.drain()
            self._exchanged = self.now

    def sync_to_read(self) -> None:
        """`sync` for a task about to read, once an instant: a task's follow-ups come an
        hour later (agenda.py), so what was done since at this instant is nothing a reader
        here waits for, and the tasks reading at one instant share one exchange."""
        if self._exchanged != self.now:
            self.sync()

    def run_until(self, until: datetime, drain: bool = True) -> None:
        """Carry out every task due by `until`, in time order."""
        self._draining = drain
        while (task := self.agenda.pop_due(until)) is not None:
            self.now = max(self.now, task.at)
            if task.at >= self._exchanged + EXCHANGE_EVERY:
                self.sync()
            task.action(task.at)
        self.now = max(self.now, until)
        self.sync()

    def run(self) -> None:
        """The whole history, headless."""
        self.open()
        self.run_until(self.end)
