"""On PostgreSQL the fast rebuilds of the care-home index and the waiting list load the
shadow schema with COPY, from several processes at once; the tables they switch in equal,
row for row, those the live catch-up builds."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from events.delivery.projection import LogProjection
from events.platform.settings import Settings
from services.runtime import Runtime
from services.vacancies.bootstrap import Vacancies
from tests.broker import rebuild_parity as broker_parity
from tests.vacancies import rebuild_parity as vacancies_parity


def _from_nothing(projection: LogProjection, engine: Engine) -> int:
    """Empty the read model (positions too), then let the live path build it one batch at
    a time."""
    with engine.begin() as conn:
        for table in reversed(projection.metadata.sorted_tables):
            conn.execute(table.delete())
    projection.batch_size = 97
    return projection.catch_up()


@pytest.mark.integration
def test_fast_rebuilds_on_postgres_equal_the_live_catch_up_row_for_row(
    production_settings: Settings,
) -> None:
    # The region's services exchange their events in this process: what is tested here only
    # reads each service's own log, in PostgreSQL.
    settings = production_settings.model_copy(update={"kafka_bootstrap": None})
    runtime = Runtime(settings)
    try:
        broker = broker_parity.broker_of(runtime)
        vacancies = runtime.services["vacancies"]
        assert isinstance(vacancies, Vacancies)
        recorded = broker_parity.record_history(runtime, homes=40, days=15)
        sold = vacancies_parity.record_history(vacancies, homes=16, days=10, first=1000)
        cases = [
            (broker.waiting, broker.engine, recorded, lambda: broker_parity.snapshot(broker)),
            (vacancies.index, vacancies.engine, sold, lambda: vacancies_parity.snapshot(vacancies)),
        ]
        for projection, engine, last, snapshot in cases:
            assert _from_nothing(projection, engine) == last
            live = snapshot()
            assert len(live) > 2 and all(live.values())
            for workers in (1, 2):
                assert projection.rebuild(workers=workers) == last
                assert snapshot() == live
    finally:
        runtime.close()
