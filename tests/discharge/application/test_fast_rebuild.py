"""The fast rebuild (bulk loads, nothing read back, shared between processes) leaves exactly
the tables the live path leaves, catching up one batch at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.discharge.bootstrap import Discharge
from tests.discharge.rebuild_parity import record_history, snapshot


@pytest.mark.parametrize("workers", [1, 2])
def test_a_fast_rebuild_equals_the_live_catch_up_row_for_row(
    discharge: Discharge, tmp_path: Path, workers: int
) -> None:
    recorded = record_history(discharge, tmp_path)
    discharge.facts.batch_size = 97  # many batch boundaries, inside episodes too
    assert discharge.facts.catch_up() > 0
    live = snapshot(discharge)
    assert len(live["episode_facts"]) > 1000
    assert any(row[-2] for row in live["episodes"])  # some outstanding assessments
    assert live["positions"][0][-1] == recorded

    assert discharge.facts.rebuild(workers=workers) == recorded
    assert snapshot(discharge) == live


def test_a_fast_rebuild_of_an_empty_log_leaves_empty_tables(discharge: Discharge) -> None:
    assert discharge.facts.rebuild(workers=2) == 0
    assert snapshot(discharge) == {"episodes": [], "episode_facts": [], "positions": []}


def test_the_live_path_carries_on_from_a_fast_rebuild(discharge: Discharge, tmp_path: Path) -> None:
    record_history(discharge, tmp_path, authorities=1)
    assert discharge.facts.rebuild(workers=2) > 0
    record_history(discharge, tmp_path, authorities=2)  # more episodes after the rebuild
    assert discharge.facts.catch_up() > 0
    carried_on = snapshot(discharge)
    discharge.facts.rebuild(workers=2)
    assert snapshot(discharge) == carried_on
