"""The care-home index's fast rebuild (homes' rows kept in memory, bulk-loaded, shared
between processes by home) leaves exactly the tables the live path leaves, catching up one
batch at a time."""

from __future__ import annotations

import pytest

from events.delivery.bulk_replay import replayer
from services.vacancies.bootstrap import Vacancies
from tests.vacancies.rebuild_parity import record_history, snapshot


def test_the_index_takes_the_fast_path(vacancies: Vacancies) -> None:
    assert replayer(vacancies.index.projector, vacancies.index.translate) is not None


@pytest.mark.parametrize("workers", [1, 2])
def test_a_fast_rebuild_equals_the_live_catch_up_row_for_row(
    vacancies: Vacancies, workers: int
) -> None:
    recorded = record_history(vacancies)
    vacancies.index.batch_size = 97  # many batch boundaries, inside homes' histories too
    assert vacancies.index.catch_up() == recorded
    live = snapshot(vacancies)
    # The history reaches every rule: holds of every outcome, homes sharing postcodes and
    # moving between them, bed types changing.
    assert {row[-1] for row in live["reservations"]} == {"held", "released", "expired", "occupied"}
    reported = [row[0] for row in live["postcodes"]]
    assert len(reported) > len(set(reported)) > 10
    assert len(live["bed_counts"]) > 2 * len(live["care_homes"])
    assert live["positions"][0][-1] == recorded

    assert vacancies.index.rebuild(workers=workers) == recorded
    assert snapshot(vacancies) == live


def test_a_fast_rebuild_of_an_empty_log_leaves_empty_tables(vacancies: Vacancies) -> None:
    assert vacancies.index.rebuild(workers=2) == 0
    assert all(rows == [] for rows in snapshot(vacancies).values())


def test_the_live_path_carries_on_from_a_fast_rebuild(vacancies: Vacancies) -> None:
    record_history(vacancies, homes=8, days=5)
    assert vacancies.index.rebuild(workers=2) > 0
    record_history(vacancies, homes=8, days=5, seed=6, first=8)  # more homes and days after it
    assert vacancies.index.catch_up() > 0
    carried_on = snapshot(vacancies)
    vacancies.index.rebuild(workers=2)
    assert snapshot(vacancies) == carried_on
