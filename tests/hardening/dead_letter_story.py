"""What the dead-letter stories share: an old log with one poisoned home among honest ones,
the letters a service keeps, and the `carebridge` command as an operator runs it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from events.delivery.deadletters import DeadLetter
from events.platform.timeutil import utcnow
from services import deadletters_cli
from services.cli import app
from services.runtime import Service
from services.vacancies.bootstrap import Vacancies
from services.vacancies.projections.search import SearchCriteria
from tests.vacancies.conftest import home_details

# What an older build let through (the HTTP bounds now stop it at 2,000 beds): more than a
# signed 64-bit integer, so no read-model column can hold it.
POISON_BEDS = 2**63


@dataclass(frozen=True)
class OldLog:
    """Three homes as an old build recorded them: two honest, one with 2**63 beds."""

    rose: uuid.UUID
    poisoned: uuid.UUID
    oak: uuid.UUID
    reported_at: datetime

    @property
    def honest(self) -> set[str]:
        return {str(self.rose), str(self.oak)}


def register(vacancies: Vacancies, cqc: str, name: str, at: datetime, **details: Any) -> uuid.UUID:
    """A home straight into the event store: the domain's rules, not today's HTTP bounds."""
    home = vacancies.app.register_home(
        occurred_at=at, **home_details(cqc_location_id=cqc, name=name, **details)
    )
    return home.id


def old_log_with_poison(vacancies: Vacancies) -> OldLog:
    """Rose Lodge, then the poisoned home, then Oak House, each honest one with 2 free beds."""
    now = utcnow()
    at = now - timedelta(hours=2)
    rose = register(vacancies, "1-100000001", "Rose Lodge", at)
    poisoned = register(vacancies, "1-100000002", "Vast Hall", at, registered_beds=POISON_BEDS)
    oak = register(vacancies, "1-100000003", "Oak House", at)
    reported_at = now - timedelta(hours=1)
    for home in (rose, oak):
        vacancies.app.report_vacancies(
            home, free_beds={"nursing-dementia": 2}, reported_at=reported_at
        )
    return OldLog(rose, poisoned, oak, reported_at)


def served(vacancies: Vacancies) -> dict[str, dict[str, int]]:
    """What a search for any free bed finds: each home's name and free beds."""
    criteria = SearchCriteria(
        now=utcnow(), max_report_age_hours=vacancies.settings.vacancy_fresh_hours
    )
    return {m.name: m.free_beds for m in vacancies.search(criteria)}


def letters_of(service: Service, consumer: str | None = None) -> list[DeadLetter]:
    with service.dead_letters.engine.connect() as conn:
        return service.dead_letters.of(conn, consumer)


def carebridge(*args: str) -> Result:
    """`carebridge ARGS...` in this process, on the data folder CAREBRIDGE_DATA_DIR names."""
    return CliRunner().invoke(app, list(args))


def as_operator(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An operator's shell on the same data folder as the running services, in a terminal wide
    enough that the listing's columns are not folded."""
    monkeypatch.setenv("CAREBRIDGE_DATA_DIR", str(data_dir))
    monkeypatch.setattr(deadletters_cli.console, "width", 250)
    return data_dir
