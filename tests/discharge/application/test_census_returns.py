"""The DTOC, DRD and PoCD returns served from the maintained census equal the ones recomputed from
the facts, cell by cell, on every published fixture month (and the months its delays spill
into), by LA and by provider, for a month in progress at any day and for a month long over,
under each primary-reason rule; and a rebuild from the log leaves the same census rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from events.delivery.inprocess import InProcessBus
from events.platform.settings import Settings
from services.discharge.bootstrap import Discharge
from services.discharge.domain.calendar import month_bounds
from tests.discharge.census_history import (
    LA_ROWS,
    MONTHS,
    neighbours,
    second_dtoc_reasons,
    still_delayed,
)
from tests.discharge.census_parity import (
    cells,
    census_rows,
    differences,
    moment_counted_to,
    served,
)
from tests.discharge.rebuild_parity import record_history


@pytest.fixture(params=["latest", "earliest", "precedence:G,Dii,E"])
def counted(request: pytest.FixtureRequest, embedded_settings: Settings) -> Iterator[Discharge]:
    settings = embedded_settings.model_copy(update={"primary_reason_rule": request.param})
    service = Discharge(settings, InProcessBus())
    yield service
    service.close()


def test_every_fixture_month_served_from_the_census_equals_the_recomputation(
    counted: Discharge, tmp_path: Path
) -> None:
    record_history(counted, tmp_path, authorities=len(LA_ROWS))
    second_dtoc_reasons(counted)
    still_delayed(counted)
    months = sorted({m for month in MONTHS for m in neighbours(month)})
    assert differences(counted, months) == []
    # and the census is not empty: the published totals come back from it
    for month in MONTHS:
        ret = served(counted, month, "la", month_bounds(month)[1])
        assert ret.england.total >= sum(r.total for r in LA_ROWS if r.month == month)
        wales = counted.pocd(month, now=moment_counted_to(month_bounds(month)[1]))
        assert sum(row["Number of delays"] for row in wales) > 0


def test_a_rebuild_leaves_the_same_census_rows_and_returns(
    discharge: Discharge, tmp_path: Path
) -> None:
    record_history(discharge, tmp_path, authorities=len(LA_ROWS))
    second_dtoc_reasons(discharge)
    still_delayed(discharge)
    discharge.facts.batch_size = 89  # batch boundaries inside episodes
    discharge.facts.catch_up()
    live = census_rows(discharge)
    census = live["episode_census"]
    assert len(census) > 500 and any(row[2] is None for row in census)  # some still open
    assert len(live["episode_leavings"]) > 500
    returns = {m: cells(served(discharge, m, "provider", month_bounds(m)[1])) for m in MONTHS}
    for workers in (1, 2):
        discharge.facts.rebuild(workers=workers)
        assert census_rows(discharge) == live
    assert discharge.rebuild() > 0  # as `carebridge rebuild discharge` does
    assert census_rows(discharge) == live
    assert {m: cells(served(discharge, m, "provider", month_bounds(m)[1])) for m in MONTHS} == (
        returns
    )


def test_a_service_started_with_another_rule_counts_the_census_again(
    embedded_settings: Settings, tmp_path: Path
) -> None:
    first = Discharge(embedded_settings, InProcessBus())
    record_history(first, tmp_path, authorities=1)
    second_dtoc_reasons(first)
    month = LA_ROWS[0].month
    latest = served(first, month, "la", month_bounds(month)[1])
    first.close()
    settings = embedded_settings.model_copy(update={"primary_reason_rule": "earliest"})
    again = Discharge(settings, InProcessBus())
    try:
        assert differences(again, [month]) == []
        earliest = served(again, month, "la", month_bounds(month)[1])
        assert earliest.england.by_reason != latest.england.by_reason  # the rule mattered
    finally:
        again.close()


def test_a_read_model_of_a_release_without_the_census_is_counted_on_start(
    embedded_settings: Settings, tmp_path: Path
) -> None:
    first = Discharge(embedded_settings, InProcessBus())
    record_history(first, tmp_path, authorities=1)
    month = LA_ROWS[0].month
    before = cells(served(first, month, "la", month_bounds(month)[1]))
    with first.engine.begin() as conn:  # as the release before the census left it
        for table in ("episode_census", "episode_leavings", "census_rule"):
            conn.execute(text(f"DROP TABLE {table}"))
    first.close()
    again = Discharge(embedded_settings, InProcessBus())
    try:
        assert cells(served(again, month, "la", month_bounds(month)[1])) == before
        assert differences(again, [month]) == []
    finally:
        again.close()
