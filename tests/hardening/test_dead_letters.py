"""No stored event may ever stop a projection: what cannot be applied is set aside, visibly,
and the rest goes on.

The issue's poison: an older build let a home register with 2**63 beds. That event is in the
log for ever, and no read-model column can hold its number."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from events.platform.settings import Settings
from services.runtime import Runtime
from services.vacancies.bootstrap import Vacancies
from tests.conftest import Headers
from tests.hardening.dead_letter_story import (
    as_operator,
    carebridge,
    letters_of,
    old_log_with_poison,
    served,
)

BROKER = ("broker", "E08000014")
HONEST = {"Rose Lodge": {"nursing-dementia": 2}, "Oak House": {"nursing-dementia": 2}}


@pytest.fixture
def http(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(runtime.http_app()) as client:
        yield client


@pytest.fixture
def operator(embedded_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Path:
    return as_operator(embedded_settings.data_dir, monkeypatch)


def test_a_home_of_2_63_beds_in_an_old_log_stops_no_other_home_from_being_served(
    vacancies: Vacancies, http: TestClient, auth: Headers
) -> None:
    log = old_log_with_poison(vacancies)

    found = http.get("/vacancies/search", headers=auth(*BROKER)).json()
    assert {home["home_id"] for home in found} == log.honest
    assert {home["name"] for home in found} == {"Rose Lodge", "Oak House"}
    board = http.get("/vacancies/board", headers=auth(*BROKER)).json()
    assert {(row["bed_type"], row["homes"], row["free_beds"]) for row in board} >= {
        ("nursing-dementia", 2, 4)
    }
    [letter] = letters_of(vacancies)
    assert (letter.consumer, letter.stream, letter.position) == ("care-home-index", "own-log", 2)
    assert letter.event_type == "vacancies.CareHomeRegistered"
    assert letter.aggregate_id == str(log.poisoned)
    assert "OverflowError" in letter.error and letter.message is None  # the log is read again
    with vacancies.engine.connect() as conn:
        assert vacancies.index.positions.get(conn, "own-log") == 5  # past it, to the last


def test_the_set_aside_event_is_visible_on_ready_metrics_and_the_command_line(
    vacancies: Vacancies, http: TestClient, operator: Path
) -> None:
    old_log_with_poison(vacancies)
    vacancies.index.catch_up()

    ready = http.get("/ready")
    assert ready.status_code == 503
    assert ready.json()["vacancies"] == {
        "ready": False,
        "problems": [
            "care-home-index: 1 event(s) set aside as dead letters (carebridge deadletters)"
        ],
        "dead_letters": {"care-home-index": 1},
    }
    assert ready.json()["broker"]["ready"] and ready.json()["discharge"]["ready"]
    metrics = http.get("/metrics").text
    assert 'carebridge_dead_letters{consumer="care-home-index",service="vacancies"} 1.0' in metrics
    assert 'carebridge_ready{service="vacancies"} 0.0' in metrics

    listed = carebridge("deadletters")
    assert listed.exit_code == 0, listed.output
    for shown in ("vacancies", "care-home-index", "own-log #2", "CareHomeRegistered", "Overflow"):
        assert shown in listed.output
    only = carebridge("deadletters", "--service", "broker")
    assert only.exit_code == 0 and "no dead letters" in only.output
    other = carebridge("deadletters", "--projection", "waiting-list")
    assert other.exit_code == 0 and "no dead letters" in other.output


def test_a_rebuild_of_a_log_it_never_saw_completes_with_the_poison_set_aside(
    vacancies: Vacancies, operator: Path
) -> None:
    log = old_log_with_poison(vacancies)  # the live index has not read any of it yet

    rebuilt = carebridge("rebuild", "vacancies")

    assert rebuilt.exit_code == 0, rebuilt.output
    assert "rebuilt vacancies read models from 5 stored events" in rebuilt.output
    assert "care-home-index: 1 event(s) set aside (carebridge deadletters)" in rebuilt.output
    [letter] = letters_of(vacancies)
    assert (letter.consumer, letter.position, letter.aggregate_id) == (
        "care-home-index",
        2,
        str(log.poisoned),
    )
    assert served(vacancies) == HONEST


def test_rebuilding_again_sets_the_same_event_aside_once_and_nothing_else(
    vacancies: Vacancies,
) -> None:
    old_log_with_poison(vacancies)
    vacancies.index.catch_up()
    before = letters_of(vacancies)

    assert vacancies.rebuild() == 5
    assert vacancies.rebuild() == 5

    after = letters_of(vacancies)
    assert [(x.consumer, x.stream, x.position, x.event_id) for x in after] == [
        (x.consumer, x.stream, x.position, x.event_id) for x in before
    ]
    assert served(vacancies) == HONEST
