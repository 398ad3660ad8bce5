"""The issue's poison on a real PostgreSQL: a home of 2**63 beds in an old log is set aside by
the live catch-up and by a rebuild (whose fast path loads with COPY), readiness names it, and
every other home is served. The services exchange their events in this process: what is
tested here is the read models in PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from events.platform.settings import Settings
from services.broker.bootstrap import Broker
from services.runtime import Runtime
from services.vacancies.bootstrap import Vacancies
from tests.hardening.dead_letter_story import POISON_BEDS, letters_of, old_log_with_poison, served

pytestmark = pytest.mark.integration

HONEST = {"Rose Lodge": {"nursing-dementia": 2}, "Oak House": {"nursing-dementia": 2}}


@pytest.fixture
def runtime(production_settings: Settings) -> Iterator[Runtime]:
    settings = production_settings.model_copy(update={"kafka_bootstrap": None})
    rt = Runtime(settings, ("vacancies", "broker"))
    yield rt
    rt.close()


def test_a_home_of_2_63_beds_on_postgres_is_set_aside_and_the_rest_goes_on(
    runtime: Runtime,
) -> None:
    vacancies = runtime.services["vacancies"]
    assert isinstance(vacancies, Vacancies)
    log = old_log_with_poison(vacancies)

    assert served(vacancies) == HONEST
    [letter] = letters_of(vacancies)
    assert (letter.consumer, letter.position, letter.aggregate_id) == (
        "care-home-index",
        2,
        str(log.poisoned),
    )
    with TestClient(runtime.http_app()) as http:
        ready = http.get("/ready")
        assert ready.status_code == 503
        assert ready.json()["vacancies"]["dead_letters"] == {"care-home-index": 1}
        metrics = http.get("/metrics").text
        assert 'carebridge_dead_letters{consumer="care-home-index",service="vacancies"} 1.0' in (
            metrics
        )

    for workers in (1, 2):  # COPY from one process, then from two
        assert vacancies.index.rebuild(workers=workers) == 5
        assert [(x.consumer, x.position) for x in letters_of(vacancies)] == [("care-home-index", 2)]
        assert served(vacancies) == HONEST
    assert vacancies.index.retry(letter) is not None  # still no column can hold it
    assert len(letters_of(vacancies)) == 1


def test_a_fresh_rebuild_on_postgres_meets_the_poison_it_never_saw_and_sets_it_aside(
    runtime: Runtime,
) -> None:
    vacancies = runtime.services["vacancies"]
    assert isinstance(vacancies, Vacancies)
    log = old_log_with_poison(vacancies)  # the live index has not read any of it

    assert vacancies.index.rebuild(workers=2) == 5

    assert [x.aggregate_id for x in letters_of(vacancies)] == [str(log.poisoned)]
    assert served(vacancies) == HONEST


def test_the_broker_on_postgres_sets_aside_a_report_it_cannot_store_between_good_ones(
    runtime: Runtime,
) -> None:
    vacancies, broker = runtime.services["vacancies"], runtime.services["broker"]
    assert isinstance(vacancies, Vacancies) and isinstance(broker, Broker)
    log = old_log_with_poison(vacancies)
    poisoned = vacancies.app.home(log.poisoned)  # it reports more free beds than int4 holds
    poisoned.report_vacancies(
        free_beds={"nursing-dementia": POISON_BEDS - 1}, reported_at=log.reported_at
    )
    vacancies.app.save(poisoned)

    runtime.drain()

    [letter] = letters_of(broker)
    assert (letter.consumer, letter.event_type) == ("availability", "vacancies.VacanciesReported")
    assert letter.message is not None and str(POISON_BEDS - 1) in letter.message
    assert broker.home(log.rose).name == "Rose Lodge"
    assert broker.home(log.oak).bed_types >= {"nursing-dementia"}
