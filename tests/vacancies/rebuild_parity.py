"""Shared by the care-home index's fast-rebuild parity tests (SQLite and PostgreSQL): a
realistic vacancies log, driven through the application, and every row of the index."""

from __future__ import annotations

import contextlib
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from events.platform.errors import DomainError
from services.vacancies.application import CareHomes
from services.vacancies.bootstrap import Vacancies
from services.vacancies.projections.tables import metadata
from tests.readmodel_rows import every_row
from tests.vacancies.conftest import home_details

START = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
REGISTRATIONS = [["nursing"], ["residential"], ["nursing", "residential"]]
CATEGORIES = [["older_people"], ["dementia"], ["dementia", "older_people"]]


def record_history(
    vacancies: Vacancies, homes: int = 24, days: int = 20, seed: int = 5, first: int = 0
) -> int:
    """Homes registered (several on one postcode), then day by day: vacancy reports (bed
    types the home does not offer among them), detail changes that change the bed types
    offered and move homes between postcodes (shared ones too), ratings, suspensions and
    resumptions, closures, and holds released, expired and turned into admissions. `first`:
    the number of the first home (to record more homes in the same log)."""
    app, rng = vacancies.app, random.Random(seed)
    ids = [
        app.register_home(
            occurred_at=START,
            **home_details(
                cqc_location_id=f"1-{100000000 + n}",
                name=f"Home {n}",
                postcode=f"PR{n % 3 + 8} {n % 5}AA",  # 15 postcodes among the homes
                latitude=53.6 + n / 1000,
                longitude=-3.0 - n / 1000,
                registrations=REGISTRATIONS[n % 3],
                care_categories=CATEGORIES[n % 3],
            ),
        ).id
        for n in range(first, first + homes)
    ]
    held: dict[uuid.UUID, list[uuid.UUID]] = {home: [] for home in ids}
    for day in range(days):
        now = START + timedelta(days=day, hours=1)
        for home_id in ids:
            _day_at(app, rng, home_id, held[home_id], now)
    return app.recorder.max_notification_id() or 0


def _day_at(
    app: CareHomes,
    rng: random.Random,
    home_id: uuid.UUID,
    held: list[uuid.UUID],
    now: datetime,
) -> None:
    def attempt(command: Any, *args: Any, **kwargs: Any) -> None:
        # The home may refuse (suspended, no bed free...): then no event, as in life.
        with contextlib.suppress(DomainError):
            command(home_id, *args, **kwargs)

    home = app.home(home_id)
    offered = [f"{r}-{c}" for r in home.registrations for c in home.care_categories]
    free = {t: rng.randint(0, 3) for t in offered if rng.random() < 0.7}
    if rng.random() < 0.2:
        free["nursing-learning_disability"] = 1  # a bed type the home does not offer
    attempt(app.report_vacancies, free_beds=free, reported_at=now)
    roll = rng.random()
    if roll < 0.08:
        n = rng.randrange(40)
        attempt(
            app.change_details,
            occurred_at=now,
            postcode=f"PR{n % 3 + 8} {n % 5}AA",
            latitude=53.6 + n / 997,
            longitude=-3.0 - n / 991,
        )
    elif roll < 0.14:
        attempt(
            app.change_details,
            occurred_at=now,
            registrations=rng.choice(REGISTRATIONS),
            care_categories=rng.choice(CATEGORIES),
            name=f"Renamed {rng.randrange(100)}",
        )
    elif roll < 0.18:
        attempt(
            app.change_rating,
            rating=rng.choice(["good", "inadequate"]),
            rated_on="2026-08-01",
            occurred_at=now,
        )
    elif roll < 0.21:
        attempt(app.suspend_placements, reason="safeguarding", note="", occurred_at=now)
    elif roll < 0.26:
        attempt(app.resume_placements, note="", occurred_at=now)
    elif roll < 0.27:
        attempt(app.announce_closure, closing_on="2027-03-31", occurred_at=now)
    for reservation_id in list(held):
        outcome = rng.random()
        if outcome < 0.3:
            attempt(app.occupy_bed, reservation_id=reservation_id, now=now)
        elif outcome < 0.5:
            attempt(app.release_reservation, reservation_id=reservation_id, reason="other", now=now)
        else:
            continue
        held.remove(reservation_id)
    for bed_type in offered:
        if rng.random() < 0.3:
            reservation_id = uuid.uuid4()
            held.append(reservation_id)
            attempt(
                app.reserve_bed,
                reservation_id=reservation_id,
                bed_type=bed_type,
                reference=f"req-{reservation_id}",
                reserved_by="broker",
                now=now,
                hold=timedelta(hours=rng.choice([2, 30])),
            )
    attempt(app.expire_reservations, now=now + timedelta(hours=3))


def snapshot(vacancies: Vacancies) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the index's tables, in key order."""
    return every_row(vacancies.engine, metadata.sorted_tables)
