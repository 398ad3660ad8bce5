"""`carebridge deadletters retry` once the cause is fixed: what now applies takes its place and
its letter is gone; what still fails keeps its letter, with the new error, and the command
says so by its exit code.

The cause here is a bug shipped in a projector (it raises on Oak House's events), then fixed:
the projector's method is patched in, then back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Connection

from events.platform.settings import Settings
from events.platform.timeutil import utcnow
from events.registry import Payload
from events.serialisation import Message
from services.broker.bootstrap import Broker
from services.broker.projections.availability import AvailabilityIndex
from services.runtime import Runtime
from services.vacancies.bootstrap import Vacancies
from services.vacancies.domain.care_home import care_home_id
from services.vacancies.projections.care_home_index import CareHomeIndex
from tests.hardening.dead_letter_story import (
    as_operator,
    carebridge,
    letters_of,
    old_log_with_poison,
    register,
    served,
)

ApplyBatch = Callable[[Any, Connection, list[Message[Payload]]], None]
OAK = care_home_id("1-100000003")
TWO_HOMES = {"Rose Lodge": {"nursing-dementia": 2}, "Oak House": {"nursing-dementia": 2}}


@pytest.fixture
def operator(embedded_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Path:
    return as_operator(embedded_settings.data_dir, monkeypatch)


@pytest.fixture
def http(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(runtime.http_app()) as client:
        yield client


@contextmanager
def shipped_with_a_bug(projector: type[Any], error: Exception, only: str = "") -> Iterator[None]:
    """While inside, `projector` raises `error` on Oak House's events (those whose type ends
    in `only`); on leaving, the fix is deployed: the method is what it was."""
    original: ApplyBatch = projector.apply_batch

    def apply_batch(self: Any, conn: Connection, messages: list[Message[Payload]]) -> None:
        for m in messages:
            if m.envelope.aggregate_id == OAK and m.envelope.event_type.endswith(only):
                raise error
        original(self, conn, messages)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(projector, "apply_batch", apply_batch)
        yield


def two_homes(vacancies: Vacancies) -> None:
    """Rose Lodge and Oak House register and report 2 free beds each."""
    at = utcnow() - timedelta(hours=1)
    for cqc, name in (("1-100000001", "Rose Lodge"), ("1-100000003", "Oak House")):
        home = register(vacancies, cqc, name, at)
        vacancies.app.report_vacancies(home, free_beds={"nursing-dementia": 2}, reported_at=at)


def test_after_the_fix_a_retry_applies_every_letter_and_readiness_returns(
    vacancies: Vacancies, http: TestClient, operator: Path
) -> None:
    with shipped_with_a_bug(CareHomeIndex, KeyError("bed_type")):
        two_homes(vacancies)
        assert served(vacancies) == {"Rose Lodge": {"nursing-dementia": 2}}
    assert [x.position for x in letters_of(vacancies)] == [3, 4]  # Oak's registration, report
    assert http.get("/ready").status_code == 503

    retried = carebridge("deadletters", "retry")

    assert retried.exit_code == 0, retried.output
    assert retried.output.count(": applied") == 2
    assert letters_of(vacancies) == []
    assert "no dead letters" in carebridge("deadletters").output
    assert served(vacancies) == TWO_HOMES
    assert http.get("/ready").status_code == 200
    metrics = http.get("/metrics").text
    assert "carebridge_dead_letters{" not in metrics
    assert 'carebridge_ready{service="vacancies"} 1.0' in metrics


def test_a_retry_that_fails_again_keeps_the_letter_with_the_new_error(
    vacancies: Vacancies, http: TestClient, operator: Path
) -> None:
    with shipped_with_a_bug(CareHomeIndex, KeyError("bed_type")):
        two_homes(vacancies)
        vacancies.index.catch_up()
    before = letters_of(vacancies)

    with shipped_with_a_bug(CareHomeIndex, ValueError("still wrong")):  # a fix that is not one
        retried = carebridge("deadletters", "retry", "--projection", "care-home-index")

    assert retried.exit_code == 1, retried.output
    assert "failed again: ValueError: still wrong" in retried.output
    assert "2 dead letter(s) left" in retried.output
    after = letters_of(vacancies)
    assert [(x.position, x.event_id) for x in after] == [(x.position, x.event_id) for x in before]
    assert {x.error for x in after} == {"ValueError: still wrong"}
    assert all(new.failed_at > old.failed_at for new, old in zip(after, before, strict=True))
    assert http.get("/ready").status_code == 503
    assert served(vacancies) == {"Rose Lodge": {"nursing-dementia": 2}}


def test_a_registration_set_aside_and_retried_takes_its_place_before_the_homes_later_reports(
    vacancies: Vacancies, operator: Path
) -> None:
    """While Oak House's registration was set aside, its vacancy report went by with no home
    to apply to. The retry must leave the index as a clean rebuild would: Oak with its beds."""
    with shipped_with_a_bug(CareHomeIndex, KeyError("oops"), only="Registered"):
        log = old_log_with_poison(vacancies)
        vacancies.index.catch_up()
    assert {x.aggregate_id for x in letters_of(vacancies)} == {str(log.poisoned), str(log.oak)}

    retried = carebridge("deadletters", "retry", "--service", "vacancies")

    assert retried.exit_code == 1, retried.output  # the poison still cannot be stored
    assert "care-home-index own-log #3 (vacancies.CareHomeRegistered): applied" in retried.output
    assert "own-log #2 (vacancies.CareHomeRegistered): failed again: OverflowError" in (
        retried.output
    )
    assert "1 dead letter(s) left" in retried.output
    assert served(vacancies) == TWO_HOMES
    [left] = letters_of(vacancies)
    assert left.aggregate_id == str(log.poisoned)


def test_a_topic_consumers_letter_is_applied_again_from_the_envelope_it_kept(
    runtime: Runtime, vacancies: Vacancies, operator: Path
) -> None:
    broker = runtime.services["broker"]
    assert isinstance(broker, Broker)
    with shipped_with_a_bug(AvailabilityIndex, KeyError("home_id")):
        two_homes(vacancies)
        runtime.drain()  # the broker hears both homes; its index cannot apply Oak's events
    assert [(x.consumer, x.position) for x in letters_of(broker)] == [
        ("availability", 3),
        ("availability", 4),
    ]
    assert all(x.message for x in letters_of(broker))

    retried = carebridge("deadletters", "retry", "--service", "broker")

    assert retried.exit_code == 0, retried.output
    assert letters_of(broker) == []
    assert broker.home(OAK).name == "Oak House"
    assert broker.home(OAK).bed_types >= {"nursing-dementia"}
    again = carebridge("deadletters", "retry")
    assert again.exit_code == 0 and "applied" not in again.output  # nothing left to apply


def test_a_retry_narrowed_before_the_command_word_touches_no_other_service(
    vacancies: Vacancies, operator: Path
) -> None:
    old_log_with_poison(vacancies)
    vacancies.index.catch_up()
    [before] = letters_of(vacancies)

    for narrowed in (["--service", "broker", "retry"], ["--projection", "waiting-list", "retry"]):
        retried = carebridge("deadletters", *narrowed)
        assert retried.exit_code == 0, retried.output
        assert "failed again" not in retried.output

    assert letters_of(vacancies) == [before]  # not retried: the same time and error


def test_a_rebuild_after_the_fix_applies_the_letters_in_their_place_and_removes_them(
    vacancies: Vacancies, operator: Path
) -> None:
    with shipped_with_a_bug(CareHomeIndex, KeyError("bed_type")):
        two_homes(vacancies)
        vacancies.index.catch_up()
    assert len(letters_of(vacancies)) == 2

    rebuilt = carebridge("rebuild", "vacancies")

    assert rebuilt.exit_code == 0, rebuilt.output
    assert letters_of(vacancies) == []
    assert served(vacancies) == TWO_HOMES
