"""On PostgreSQL the fast rebuild loads the shadow schema with COPY from several processes at
once; the tables it switches in equal, row for row, those the live catch-up builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlalchemy.schema import CreateTable

from events.platform.settings import Settings
from services.discharge.bootstrap import bootstrap
from tests.discharge.rebuild_parity import record_history, snapshot
from tests.events.log_shares import assert_shares_cover_the_log


@pytest.mark.integration
def test_a_fast_rebuild_on_postgres_equals_the_live_catch_up_row_for_row(
    production_settings: Settings, tmp_path: Path
) -> None:
    svc = bootstrap(production_settings, None)
    try:
        recorded = record_history(svc, tmp_path)
        svc.facts.batch_size = 97
        assert svc.facts.catch_up() == recorded
        live = snapshot(svc)
        assert len(live["episode_facts"]) > 1000
        for workers in (1, 2):
            assert svc.facts.rebuild(workers=workers) == recorded
            assert snapshot(svc) == live
        # loaded without keys, the switched-in tables have them all again
        engine = svc.facts.engine
        schema = engine.get_execution_options()["schema_translate_map"][None]
        found = inspect(engine)
        for table in svc.facts.metadata.sorted_tables:
            pk = found.get_pk_constraint(table.name, schema=schema)["constrained_columns"]
            assert pk == [c.name for c in table.primary_key]
            indexes = {i["name"] for i in found.get_indexes(table.name, schema=schema)}
            assert indexes == {i.name for i in table.indexes}
            # and the tables created after it still get their keys
            assert "PRIMARY KEY" in str(CreateTable(table).compile(dialect=engine.dialect))
    finally:
        svc.close()


@pytest.mark.integration
def test_the_shares_of_a_log_on_postgres_hold_each_event_once_in_log_order(
    production_settings: Settings, tmp_path: Path
) -> None:
    svc = bootstrap(production_settings, None)
    try:
        record_history(svc, tmp_path)
        assert_shares_cover_the_log(svc.app.outbox)
    finally:
        svc.close()
