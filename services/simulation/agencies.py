"""The home care market as it really is, beside what the agencies tell the vacancies service.

Each agency knows its true free hours a week by zone and time band. They come back every
day (packages ending, new carers) up to what an agency keeps idle for a few days before
people from the community take them, and go when a package starts. The vacancies service
only learns of them when the agency reports: strategic partners daily, spot providers as
homes do (daily, weekly, or letting their reports lapse).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from random import Random

from events.bounds.numbers import MAX_WEEKLY_HOURS
from services.simulation import calibration as cal
from services.simulation.agenda import Agenda
from services.simulation.clock import Ids, pick, uk_day, uk_time
from services.simulation.stats import Stats
from services.vacancies.application import CareHomes
from services.vacancies.domain.home_care_agency import agency_id

Hours = dict[str, float]  # by time band
# (name, zones, services, double-handed, strategic partner): calibration.AGENCIES
Spec = tuple[str, tuple[str, ...], tuple[str, ...], bool, bool]


@dataclass
class Agency:
    name: str
    cqc_location_id: str
    provider_id: str
    zones: tuple[str, ...]
    services: tuple[str, ...]
    double_handed: bool
    partner: bool  # a strategic partner, offered its zones' packages first
    reporting: str
    answering: str
    gain: dict[str, Hours]  # hours a week it can start, coming back each day
    free: dict[str, Hours] = field(default_factory=dict)  # not yet started (held included)
    promised: dict[str, Hours] = field(default_factory=dict)  # held for packages
    reported: dict[str, Hours] = field(default_factory=dict)
    reported_at: datetime | None = None

    @property
    def id(self) -> uuid.UUID:
        return agency_id(self.cqc_location_id)

    def spare(self, zone: str, band: str) -> float:
        return self.free[zone].get(band, 0.0) - self.promised[zone].get(band, 0.0)

    def ceiling(self, zone: str, band: str) -> float:
        return max(cal.IDLE_DAYS * self.gain[zone][band], cal.MIN_IDLE_HOURS)


def zone_demand(daily_packages: float) -> dict[str, Hours]:
    """The hours a week of new packages the hospital asks of each zone in a day, by band."""
    minutes = sum(m * w for m, w in cal.CALL_MINUTES.items()) / sum(cal.CALL_MINUTES.values())
    each = minutes * 7 / 60 * (1 + cal.DOUBLE_HANDED)
    weights = sum(cal.CALL_PATTERNS.values())
    zones = sorted(cal.ZONE_SUPPLY)
    by_zone = {z: sum(d in zone_districts(z) for _, d, *_ in cal.LOCALITIES) for z in zones}
    total = sum(by_zone.values())
    return {
        z: {
            band: daily_packages * by_zone[z] / total * each
            * sum(w for bands, w in cal.CALL_PATTERNS.items() if band in bands) / weights
            for band in cal.BAND_SUPPLY
        }
        for z in zones
    }  # fmt: skip


def zone_districts(zone: str) -> frozenset[str]:
    from events.reference.zones import zones_of

    return next(z.districts for z in zones_of(cal.COUNCIL[0]) if z.code == zone)


class HomeCareMarket:
    def __init__(self, vacancies: CareHomes, ids: Ids, daily_packages: float, stats: Stats):
        self.vacancies, self.ids, self.stats = vacancies, ids, stats
        rng = ids.rng("agencies")
        demand = zone_demand(daily_packages)
        self.agencies = [self._agency(n, spec, demand, rng) for n, spec in enumerate(cal.AGENCIES)]

    def _agency(self, n: int, spec: Spec, demand: dict[str, Hours], rng: Random) -> Agency:
        name, zones, services, double, partner = spec
        gain: dict[str, Hours] = {}
        for zone in zones:
            peers = [a for a in cal.AGENCIES if zone in a[1] and a[4] == partner]
            share = (cal.STRATEGIC_SHARE if partner else 1 - cal.STRATEGIC_SHARE) / len(peers)
            supply = cal.ZONE_SUPPLY[zone] * share
            gain[zone] = {b: h * supply * cal.BAND_SUPPLY[b] for b, h in demand[zone].items()}
        reporting = "daily" if partner else pick(rng, cal.REPORTING)
        answering = "prompt" if partner else pick(rng, cal.AGENCY_ANSWERING)
        agency = Agency(
            name, f"1-{self.ids.seed}9{n:05d}", f"SIM-HC{n + 1:02d}", zones, services,
            double, partner, reporting, answering, gain,
        )  # fmt: skip
        for zone in zones:
            agency.free[zone] = {
                b: round(agency.ceiling(zone, b) * rng.uniform(0.3, 1.0), 2) for b in gain[zone]
            }
            agency.promised[zone] = dict.fromkeys(gain[zone], 0.0)
        return agency

    def open(self, start: datetime) -> None:
        """Register every agency on the council's market, as it was before the history."""
        registered = start - timedelta(days=1)
        for a in self.agencies:
            self.vacancies.register_agency(
                occurred_at=registered, cqc_location_id=a.cqc_location_id, name=a.name,
                provider_id=a.provider_id, council_code=cal.COUNCIL[0], zones=list(a.zones),
                services=list(a.services),
            )  # fmt: skip

    def new_day(self, day: date, agenda: Agenda, first: bool) -> None:
        """Hours come back overnight, up to what an agency keeps idle; agencies report."""
        rng = self.ids.rng("agencies", day)
        for i, a in enumerate(self.agencies):
            for zone in a.zones:
                for band, gain in a.gain[zone].items():
                    more = a.free[zone][band] + gain * rng.uniform(0.5, 1.5)
                    a.free[zone][band] = round(min(more, a.ceiling(zone, band)), 2)
            due = first or (
                a.reporting == "daily"
                or (a.reporting == "weekly" and i % 7 == day.weekday())
                or (a.reporting == "lapsed" and rng.random() < 1 / 30)
            )
            if due:
                agenda.at(uk_time(day, rng.uniform(7.0, 10.0)), partial(self.report, a))

    def report(self, a: Agency, now: datetime) -> None:
        """Each zone's free hours as they stand (held ones included: the service takes
        off what it holds), never more than a report can say: at England's size one
        council's few agencies would have more than a real agency's whole block."""
        for zone in a.zones:
            hours = {b: min(h, MAX_WEEKLY_HOURS) for b, h in a.free[zone].items() if h > 0}
            self.vacancies.report_capacity(
                a.id, zone=zone, hours=hours, available_from=uk_day(now),
                double_handed=a.double_handed, reported_at=now,
            )  # fmt: skip
            a.reported[zone] = hours
            self.stats.capacity_reports += 1
        a.reported_at = now

    # -- what an agency answers, and what its hours do --------------------------------------

    def decide(self, a: Agency, zone: str, hours: Hours, double: bool, rng: Random) -> str | None:
        """The agency's answer to a package offered: None to accept, or why it declines."""
        if double and not a.double_handed:
            return "no_double_handed"
        short = [b for b, h in hours.items() if a.spare(zone, b) < h]
        if len(short) == len(hours):
            return "no_capacity_in_zone"
        if short:
            return "no_staff_for_time_band"
        if rng.random() < cal.AGENCY_ACCEPTS:
            return None
        return rng.choice(("cannot_meet_needs", "other"))

    def covers(self, a: Agency, zone: str, hours: Hours) -> bool:
        return all(a.spare(zone, b) >= h for b, h in hours.items())

    def promise(self, a: Agency, zone: str, hours: Hours, sign: int) -> None:
        for band, h in hours.items():
            a.promised[zone][band] = round(max(a.promised[zone][band] + sign * h, 0.0), 2)

    def started(self, a: Agency, zone: str, hours: Hours) -> None:
        """The first call: the held hours are the agency's work now."""
        self.promise(a, zone, hours, -1)
        for band, h in hours.items():
            a.free[zone][band] = round(max(a.free[zone][band] - h, 0.0), 2)
