"""A simulated month of Sefton's home care market (seeded at random, through the services'
own commands): agencies report every day, packages open, are offered, answered, held,
accepted, started, declined or fall through. At the end the broker's capacity board, from
its own read models, says what the vacancies service itself says: in each zone and band,
the hours offered are the agencies' last reports less the hours they hold, and the hours
requested are those of the requests not yet sourced."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from events.platform.errors import DomainError
from events.platform.settings import Settings
from services.broker.projections import homecare_capacity as cap
from services.runtime import Runtime
from tests.broker.homecare_story import SEFTON, Story

NOW = datetime.now(UTC).replace(second=0, microsecond=0)
ZONES = ("SEF-NORTH", "SEF-FORMBY-MAGHULL", "SEF-SOUTH")
BANDS = ("morning", "lunch", "tea", "bed")


def month(s: Story, rng: random.Random) -> list[uuid.UUID]:
    for n in range(6):
        s.agency(f"Agency {n}", f"P-{n % 3}", ZONES[n % 3], ["reablement", "long_term"])
    names = list(s.agencies)
    requests: list[uuid.UUID] = []
    for day in range(30):
        at = NOW - timedelta(days=30 - day)
        for name in names:
            zone = ZONES[names.index(name) % 3]
            hours = {b: float(rng.randint(0, 30)) for b in BANDS if rng.random() < 0.8}
            s.report(name, zone, hours, at)
        s.runtime.drain()
        for k in range(rng.randint(0, 3)):
            key = f"{day}-{k}"
            bands = sorted(rng.sample(BANDS, rng.randint(1, 3)), key=BANDS.index)
            zone = rng.choice(ZONES)
            s.open(key, at + timedelta(hours=1), location=rng.choice(["hospital", "community"]),
                   calls_a_day=len(bands), call_bands=bands, zone=zone,
                   minutes_a_call=rng.choice([15, 30, 45, 60]))  # fmt: skip
            requests.append(s.packages[key])
            # the zone's agencies first, now and then one more in the cascade
            serving = [n for i, n in enumerate(names) if ZONES[i % 3] == zone]
            cascade = rng.sample([n for n in names if n not in serving], rng.randint(0, 1))
            s.offer(key, at + timedelta(hours=2), *rng.sample(serving, len(serving)), *cascade)
            offers = s.broker.app.package(s.packages[key]).offers
            for offer_id in offers:
                if rng.random() < 0.8:
                    why = None if rng.random() < 0.6 else "no_capacity_in_zone"
                    s.answer(key, offer_id, at + timedelta(hours=3), why)
            settle(s, key, rng, at + timedelta(hours=4))
        s.runtime.drain()
    return requests


def settle(s: Story, key: str, rng: random.Random, at: datetime) -> None:
    """What becomes of the hours held for a package, if any: started, declined by the person,
    fallen through or left held."""
    request_id = s.packages[key]
    live = s.broker.app.package(request_id).live_hold()
    if live is None:
        return
    hold, run = live[0], s.broker.app.package_command
    fate = rng.choice(["start", "decline", "fall", "keep", "keep"])
    try:
        if fate == "decline":
            run(request_id, "decline_package", hold_id=hold, reason="call_times", occurred_at=at)
        elif fate in ("start", "fall"):
            run(request_id, "accept_package", hold_id=hold, occurred_at=at)
            if fate == "start":
                run(request_id, "start", hold_id=hold, agency_name="an agency", occurred_at=at)
            else:
                run(request_id, "fall_through", hold_id=hold, reason="staffing", occurred_at=at)
    except DomainError:
        pass  # the hours were not held after all (refused): nothing to settle
    s.runtime.drain()


@pytest.mark.parametrize("seed", [7, 18])
def test_the_board_says_what_the_agencies_report_less_what_they_hold(
    embedded_settings: Settings, seed: int
) -> None:
    rt = Runtime(embedded_settings, ("vacancies", "broker"))
    try:
        s = Story(rt)
        requests = month(s, random.Random(seed))
        board = s.broker.packages.report(lambda conn: cap.capacity_board(conn, SEFTON, NOW, 48.0))
        rows = {(r["zone"], r["band"]): r for r in board}
        offered: dict[tuple[str, str], float] = {}
        held_total = 0.0
        for agency_id in s.agencies.values():
            agency = s.vac.app.agency(agency_id)
            for zone, report in agency.capacity.items():
                for band in report.hours:
                    free = agency.free_hours(zone, band)
                    offered[zone, band] = offered.get((zone, band), 0) + max(free, 0)
                    held_total += agency.held_hours(zone, band)
        for zone in ZONES:
            for band in BANDS:
                assert rows[zone, band]["offered"] == pytest.approx(
                    offered.get((zone, band), 0), abs=0.02
                ), (zone, band)
        assert sum(r["held"] for r in board) == pytest.approx(held_total, abs=0.05)
        assert held_total > 0 and any(r["requested"] for r in board)  # the month held and asked
        requested: dict[tuple[str, str], float] = {}
        for request_id in requests:
            request = s.broker.app.package(request_id)
            if request.stage in cap.UNSOURCED and request.care is not None:
                for band, hours in request.care.weekly_hours().items():
                    key = (request.care.zone, band)
                    requested[key] = requested.get(key, 0) + hours
        for key, row in rows.items():
            assert row["requested"] == pytest.approx(requested.get(key, 0), abs=0.02), key
            assert row["gap"] == pytest.approx(row["offered"] - row["requested"], abs=0.02)
    finally:
        rt.close()
