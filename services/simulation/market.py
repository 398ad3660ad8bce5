"""The care home market as it really is, beside what the homes tell the vacancies service.

Each home knows its true free beds; residents leave and people from the community move in
every day, but the vacancies service only learns of it when the home reports. Some homes
report daily, some weekly, some let their reports lapse: their vacancies go stale, and a
broker who trusts them is told "no suitable bed" when referring.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from random import Random

from services.simulation import calibration as cal
from services.simulation.agenda import Agenda
from services.simulation.borough import HomeSpec
from services.simulation.clock import Ids, pick, uk_day, uk_time
from services.simulation.stats import Stats
from services.vacancies.application import CareHomes
from services.vacancies.domain.care_home import care_home_id


@dataclass
class Home:
    spec: HomeSpec
    home_id: uuid.UUID
    free: dict[str, int]
    reporting: str
    answering: str
    promised: dict[str, int] = field(default_factory=dict)  # beds offered, not yet taken
    suspended: bool = False
    reported: dict[str, int] = field(default_factory=dict)
    reported_at: datetime | None = None

    def spare(self, bed_type: str) -> int:
        return self.free.get(bed_type, 0) - self.promised.get(bed_type, 0)

    def suits(self, bed_type: str, specialisms: tuple[str, ...]) -> bool:
        return bed_type in self.spec.beds and set(specialisms) <= set(self.spec.specialisms)


class CareMarket:
    def __init__(self, vacancies: CareHomes, ids: Ids, specs: list[HomeSpec], stats: Stats):
        self.vacancies, self.ids, self.stats = vacancies, ids, stats
        rng = ids.rng("market")
        self.homes = [self._home(spec, rng) for spec in specs]

    @staticmethod
    def _home(spec: HomeSpec, rng: Random) -> Home:
        free = {t: sum(rng.random() < cal.VACANCY_RATE for _ in range(n))
                for t, n in spec.beds.items()}  # fmt: skip
        reporting, answering = pick(rng, cal.REPORTING), pick(rng, cal.ANSWERING)
        return Home(spec, care_home_id(spec.cqc_location_id), free, reporting, answering)

    def open(self, start: datetime) -> None:
        """Register every home (as it was before the history starts) and its CQC rating."""
        registered = start - timedelta(days=1)
        for home in self.homes:
            self.vacancies.register_home(occurred_at=registered, **home.spec.details())
            if home.spec.rating:
                rated_on = (start - timedelta(days=30 + home.home_id.int % 600)).date()
                self.vacancies.change_rating(
                    home.home_id,
                    rating=home.spec.rating,
                    rated_on=rated_on.isoformat(),
                    occurred_at=registered + timedelta(minutes=1),
                )

    def new_day(self, day: date, agenda: Agenda, first: bool) -> None:
        """Residents leave and community admissions arrive overnight; homes report (or not)."""
        rng = self.ids.rng("market", day)
        for i, home in enumerate(self.homes):
            for bed_type, beds in home.spec.beds.items():
                occupied = beds - home.free[bed_type]
                left = sum(rng.random() < cal.DEPARTURE_PER_BED_DAY for _ in range(occupied))
                came = sum(
                    rng.random() < cal.COMMUNITY_FILL_PER_FREE_BED_DAY
                    for _ in range(max(home.spare(bed_type), 0))
                )
                home.free[bed_type] += left - came
            due = first or (
                home.reporting == "daily"
                or (home.reporting == "weekly" and i % 7 == day.weekday())
                or (home.reporting == "lapsed" and rng.random() < 1 / 30)
            )
            if due:
                at = uk_time(day, rng.uniform(7.5, 11.5))
                agenda.at(at, partial(self.report, home))

    def report(self, home: Home, now: datetime) -> None:
        free = {t: max(n, 0) for t, n in home.free.items()}
        self.vacancies.report_vacancies(home.home_id, free_beds=free, reported_at=now)
        home.reported, home.reported_at = free, now
        self.stats.vacancy_reports += 1

    def candidates(
        self,
        bed_type: str,
        specialisms: tuple[str, ...],
        localities: tuple[str, ...],
        now: datetime,
        exclude: set[uuid.UUID],
        fresh_hours: float,
    ) -> list[Home]:
        """What a broker sees on the vacancy board: homes taking placements whose recent
        report shows a free bed of the type, in the person's localities first, better rated
        first."""
        fresh = timedelta(hours=fresh_hours)
        found = [
            h
            for h in self.homes
            if h.home_id not in exclude
            and not h.suspended
            and h.suits(bed_type, specialisms)
            and h.reported_at is not None
            and now - h.reported_at <= fresh
            and h.reported.get(bed_type, 0) > 0
        ]
        rank = {"outstanding": 0, "good": 1, "requires_improvement": 2}
        return sorted(
            found,
            key=lambda h: (
                h.spec.locality not in localities,
                rank.get(h.spec.rating or "", 3),
                h.home_id,
            ),
        )

    def decide(self, home: Home, bed_type: str, rng: Random) -> str | None:
        """The home's answer to a referral: None to accept and assess, or why it declines."""
        if home.spare(bed_type) <= 0:
            return "no_suitable_bed"
        if rng.random() < cal.HOME_ACCEPTS:
            return None
        return rng.choice(("cannot_meet_needs", "staffing", "fee"))

    def promise(self, home: Home, bed_type: str, delta: int) -> None:
        home.promised[bed_type] = max(home.promised.get(bed_type, 0) + delta, 0)

    def admitted(self, home: Home, bed_type: str) -> None:
        self.promise(home, bed_type, -1)
        home.free[bed_type] = max(home.free[bed_type] - 1, 0)

    def inspect(self, now: datetime) -> None:
        """Mid-run, the CQC rates one home Inadequate: it stops taking new placements."""
        weak = [h for h in self.homes if h.spec.rating == "requires_improvement"] or self.homes
        home = self.ids.rng("inspection").choice(weak)
        self.vacancies.change_rating(
            home.home_id, rating="inadequate", rated_on=uk_day(now).isoformat(), occurred_at=now
        )
        home.suspended = True
        self.stats.inadequate.append(home.spec.name)
