"""A week of Sefton's home care market, told through the services' own commands, for the
commissioners' reports to count by hand. Care is 30 minutes a call, so one call a day in a
band is 3.5 hours a week.

Agencies (registered on Sefton's market; reports nine days old are stale, others fresh):
  North 1 (P-1, SEF-NORTH): reported morning 20, bed 10, nine days ago
  North 2 (P-2, SEF-NORTH): reported morning 10, tea 7 nine days ago; morning 10, tea 4 now
  South 3 (P-3, SEF-SOUTH): reported lunch 5 now
  North 4 (P-1, SEF-NORTH): reported morning 8 now, but Sefton suspended its packages

Packages (T is eight days ago; K1 to K4 and K6 fall in one UK week):
  K1 hospital, T, morning+bed: offered T+1h to North 1 and North 2; North 2 declines T+3h (no
     staff for the band); North 1 accepts T+5h, hours held; person accepts, start T+30h:
     3.5 morning and bed taken off North 1's report
  K2 hospital, T+2h, morning+bed: offered T+3h to North 1, accepted T+33h, hours held (31h)
  K3 community, T+4h, morning+bed: offered T+5h to North 2, declined T+7h (double-handed)
  K4 hospital, T+6h, SEF-SOUTH, one 60-minute lunch call (7h): offered to South 3, never
     answered: escalated by the sweeper
  K5 hospital, two hours ago, one 45-minute tea call (5.25h): not offered yet
  K6 community, T+8h: cancelled at T+9h, never sourced
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from events.bounds.times import UK
from services.broker.bootstrap import Broker
from services.runtime import Runtime
from services.vacancies.bootstrap import Vacancies

SEFTON = "E08000014"
NOW = datetime.now(UTC).replace(second=0, microsecond=0)


def uk_monday(at: datetime) -> date:
    day = at.astimezone(UK).date()
    return day - timedelta(days=day.weekday())


def _start() -> datetime:
    t = NOW - timedelta(days=8)
    return t if uk_monday(t) == uk_monday(t + timedelta(hours=9)) else t - timedelta(hours=12)


T = _start()
START_ON = NOW.date() - timedelta(days=5)


@dataclass
class Story:
    runtime: Runtime
    agencies: dict[str, uuid.UUID] = field(default_factory=dict)
    packages: dict[str, uuid.UUID] = field(default_factory=dict)

    @property
    def vac(self) -> Vacancies:
        vac = self.runtime.services["vacancies"]
        assert isinstance(vac, Vacancies)
        return vac

    @property
    def broker(self) -> Broker:
        broker = self.runtime.services["broker"]
        assert isinstance(broker, Broker)
        return broker

    def agency(self, name: str, provider: str, zone: str, services: list[str]) -> None:
        agency = self.vac.app.register_agency(
            occurred_at=T - timedelta(days=2), cqc_location_id=f"1-7{len(self.agencies)}0001",
            name=name, provider_id=provider, council_code=SEFTON, zones=[zone], services=services,
        )  # fmt: skip
        self.agencies[name] = agency.id

    def report(self, name: str, zone: str, hours: dict[str, float], at: datetime) -> None:
        self.vac.app.report_capacity(
            self.agencies[name], zone=zone, hours=hours, double_handed=False,
            available_from=NOW.date() - timedelta(days=6), reported_at=at,
        )  # fmt: skip

    def open(self, key: str, at: datetime, location: str = "hospital", **care: Any) -> None:
        self.packages[key] = uuid.uuid4()
        self.broker.app.open_package(
            request_id=self.packages[key], council_code=SEFTON, location=location,
            episode_id=uuid.uuid4() if location == "hospital" else None, urgency="urgent",
            occurred_at=at, care={
                "calls_a_day": 2, "call_bands": ["morning", "bed"], "minutes_a_call": 30,
                "double_handed": False, "service": "reablement", "start_on": START_ON,
                "zone": "SEF-NORTH",
            } | care,
        )  # fmt: skip

    def offer(self, key: str, at: datetime, *names: str) -> None:
        to = [(f"o{i}", self.broker.packages.agency(self.agencies[n], SEFTON)) for i, n in
              enumerate(names, 1)]  # fmt: skip
        self.broker.app.offer_package(self.packages[key], to, at + timedelta(hours=24), at)

    def answer(self, key: str, offer: str, at: datetime, reason: str | None = None) -> None:
        self.broker.app.package_command(
            self.packages[key], "answer_offer", offer_id=offer, accept=reason is None,
            reason=reason, occurred_at=at,
        )  # fmt: skip
        self.runtime.drain()

    def hold_of(self, key: str) -> uuid.UUID:
        live = self.broker.app.package(self.packages[key]).live_hold()
        assert live is not None, f"{key} holds no hours"
        return live[0]


def tell(runtime: Runtime) -> Story:
    s = Story(runtime)
    s.agency("North 1", "P-1", "SEF-NORTH", ["reablement"])
    s.agency("North 2", "P-2", "SEF-NORTH", ["reablement", "long_term"])
    s.agency("South 3", "P-3", "SEF-SOUTH", ["reablement"])
    s.agency("North 4", "P-1", "SEF-NORTH", ["reablement"])
    s.report("North 1", "SEF-NORTH", {"morning": 20, "bed": 10}, T - timedelta(days=1))
    s.report("North 2", "SEF-NORTH", {"morning": 10, "tea": 7}, T - timedelta(days=1))
    s.report("North 2", "SEF-NORTH", {"morning": 10, "tea": 4}, NOW - timedelta(hours=1))
    s.report("South 3", "SEF-SOUTH", {"lunch": 5}, NOW - timedelta(hours=1))
    s.report("North 4", "SEF-NORTH", {"morning": 8}, NOW - timedelta(hours=1))
    s.vac.app.suspend_agency(
        s.agencies["North 4"], reason="escalating_concerns", note="missed calls", occurred_at=T,
        council_code=SEFTON,
    )  # fmt: skip
    runtime.drain()
    h = timedelta(hours=1)
    s.open("K1", T)
    s.offer("K1", T + h, "North 1", "North 2")
    s.answer("K1", "o2", T + 3 * h, "no_staff_for_time_band")
    s.answer("K1", "o1", T + 5 * h)
    hold = s.hold_of("K1")
    k1 = s.packages["K1"]
    s.broker.app.package_command(k1, "accept_package", hold_id=hold, occurred_at=T + 6 * h)
    s.broker.app.package_command(
        k1, "start", hold_id=hold, agency_name="North 1", occurred_at=T + 30 * h
    )
    s.open("K2", T + 2 * h)
    s.offer("K2", T + 3 * h, "North 1")
    s.open("K3", T + 4 * h, location="community")
    s.offer("K3", T + 5 * h, "North 2")
    s.answer("K3", "o1", T + 7 * h, "no_double_handed")
    s.open("K4", T + 6 * h, calls_a_day=1, call_bands=["lunch"], minutes_a_call=60,
           zone="SEF-SOUTH")  # fmt: skip
    s.offer("K4", T + 6 * h, "South 3")
    s.answer("K2", "o1", T + 33 * h)
    s.open("K5", NOW - 2 * h, calls_a_day=1, call_bands=["tea"], minutes_a_call=45)
    s.open("K6", T + 8 * h, location="community")
    s.broker.app.package_command(
        s.packages["K6"], "cancel", reason="no_longer_needed", occurred_at=T + 9 * h
    )
    runtime.drain()
    assert s.broker.escalate_overdue(NOW) == 1  # K4's offer to South 3
    runtime.drain()
    return s
