"""Vacancy search latency over K care homes that have reported vacancies, beside a bare
SQLAlchemy SELECT of every row of the care_homes table in the same database."""

from __future__ import annotations

import random
import string
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import select

from bench.common import Result, backend_of, percentile, timed
from events.delivery.inprocess import InProcessBus
from events.platform.settings import Settings
from services.vacancies.bootstrap import Vacancies
from services.vacancies.domain.vocabulary import CareCategory, Registration, Specialism, bed_type
from services.vacancies.projections.search import SearchCriteria
from services.vacancies.projections.tables import care_homes

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
AREAS = ["B", "BD", "BS", "CB", "CV", "DE", "DN", "HU", "L", "LE", "LS", "M", "NE"]
AREAS += ["NG", "NR", "OX", "PE", "PL", "PR", "S", "SO", "SR", "ST", "TS", "WF", "YO"]
CATEGORIES = [c.value for c in CareCategory]


def _districts(rng: random.Random) -> list[tuple[str, float, float, int]]:
    """Postcode districts (outward code, centre, local authority) across England."""
    return [
        (f"{area}{n}", rng.uniform(50.6, 54.9), rng.uniform(-4.5, 1.5), rng.randrange(152))
        for area in AREAS
        for n in range(1, 21)
    ]


def _home(i: int, rng: random.Random, district: tuple[str, float, float, int]) -> dict[str, Any]:
    outward, lat, lon, la = district
    inward = f"{rng.randrange(10)}{''.join(rng.choices(string.ascii_uppercase, k=2))}"
    return dict(
        cqc_location_id=f"1-{100000000 + i}",
        name=f"Home {i}",
        provider_id=f"PROV-{i % 400}",
        local_authority_code=f"E09{la:06d}",
        local_authority_name=f"Authority {la}",
        locality=outward,
        postcode=f"{outward} {inward}",
        latitude=lat + rng.uniform(-0.08, 0.08),
        longitude=lon + rng.uniform(-0.12, 0.12),
        registered_beds=rng.randrange(20, 90),
        registrations=rng.sample([r.value for r in Registration], rng.randint(1, 2)),
        care_categories=rng.sample(CATEGORIES, rng.randint(1, 3)),
        specialisms=rng.sample([s.value for s in Specialism], rng.randint(0, 2)),
    )


def register(vacancies: Vacancies, homes: int, rng: random.Random) -> list[dict[str, Any]]:
    """Register the homes and have each report its free beds within the last three days."""
    districts, out = _districts(rng), []
    for i in range(homes):
        details = _home(i, rng, rng.choice(districts))
        home = vacancies.app.register_home(occurred_at=NOW - timedelta(days=30), **details)
        beds = [
            bed_type(r, c) for r in details["registrations"] for c in details["care_categories"]
        ]
        vacancies.app.report_vacancies(
            home.id,
            free_beds={b: rng.randrange(0, 4) for b in beds},
            reported_at=NOW - timedelta(hours=rng.uniform(0, 72)),
        )
        out.append(details)
    return out


def _criteria(rng: random.Random, homes: list[dict[str, Any]]) -> SearchCriteria:
    """Near a point, near a known or unknown postcode, or by council and lot."""
    h, kind = rng.choice(homes), rng.random()
    base: dict[str, Any] = dict(now=NOW, max_report_age_hours=48)
    if kind < 0.4:
        lat, lon = h["latitude"] + rng.uniform(-0.2, 0.2), h["longitude"] + rng.uniform(-0.2, 0.2)
        return SearchCriteria(**base, latitude=lat, longitude=lon, within_km=25)
    if kind < 0.6:
        return SearchCriteria(**base, postcode=h["postcode"], within_km=15)
    if kind < 0.7:
        return SearchCriteria(**base, postcode=f"{h['locality']} 0ZZ", within_km=15)
    return SearchCriteria(
        **base,
        la_code=h["local_authority_code"],
        registration=rng.choice(h["registrations"]),
        care_category=rng.choice(h["care_categories"]),
    )


def search_latency(settings: Settings, homes: int, queries: int, seed: int) -> list[Result]:
    """Benchmark 3: p50 and p99 of `Vacancies.search`, as the API calls it."""
    rng = random.Random(seed)
    vacancies = Vacancies(settings, InProcessBus())
    try:
        registered = register(vacancies, homes, rng)
        vacancies.index.catch_up()
        ours, found = [], 0
        for _ in range(queries):
            matches, seconds = timed(partial(vacancies.search, _criteria(rng, registered)))
            ours.append(seconds)
            found += len(matches)

        def select_all() -> int:
            with vacancies.engine.connect() as conn:
                return len(conn.execute(select(care_homes)).all())

        alone = [timed(select_all)[1] for _ in range(queries)]
    finally:
        vacancies.close()
    size = f"{homes} homes, {queries} queries"
    engine_work = "bare SELECT of every care_homes row"
    note = f"{found / queries:.1f} homes per answer"

    def ms(samples: list[float], pct: float) -> str:
        return f"{percentile(samples, pct) * 1000:.2f} ms"

    return [
        Result(
            f"3 vacancy search {p}",
            backend_of(settings),
            size,
            1 / percentile(ours, pct),
            1 / percentile(alone, pct),
            "queries/s",
            engine_work,
            f"ours {ms(ours, pct)}, engine {ms(alone, pct)}" + (f"; {note}" if p == "p50" else ""),
        )
        for p, pct in (("p50", 50.0), ("p99", 99.0))
    ]
