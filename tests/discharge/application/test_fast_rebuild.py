"""The fast rebuild (bulk loads, nothing read back, shared between processes) leaves exactly
the tables the live path leaves, catching up one batch at a time."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from services.discharge.bootstrap import Discharge
from services.discharge.projections.replay import FactsReplay
from services.discharge.projections.tables import episode_facts
from tests.discharge.rebuild_parity import record_history, snapshot
from tests.events.log_shares import assert_shares_cover_the_log


@pytest.mark.parametrize("workers", [1, 2, 3])
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


def test_each_process_reads_its_own_share_of_the_log_once_in_log_order(
    discharge: Discharge, tmp_path: Path
) -> None:
    record_history(discharge, tmp_path)
    assert_shares_cover_the_log(discharge.app.outbox)


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


def test_a_part_file_left_by_an_unfinished_rebuild_is_not_switched_in(
    discharge: Discharge, tmp_path: Path
) -> None:
    record_history(discharge, tmp_path, authorities=1)
    discharge.facts.catch_up()
    live = snapshot(discharge)
    views = Path(discharge.facts.engine.url.database or "")
    stale = create_engine(f"sqlite:///{views.with_suffix('.next.part1.sqlite')}")
    discharge.facts.metadata.create_all(stale)
    with stale.begin() as conn:
        conn.execute(
            episode_facts.insert(),
            {"episode_id": "stale", "seq": 1, "kind": "admitted", "data": {}}
            | {"occurred_at": datetime(2020, 1, 1), "recorded_at": datetime(2020, 1, 1)},
        )
    stale.dispose()
    discharge.facts.rebuild(workers=1)
    assert snapshot(discharge) == live


@pytest.mark.parametrize("where", ["worker", "this process"])
def test_a_share_failing_fails_the_rebuild_and_leaves_the_live_tables(
    discharge: Discharge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    record_history(discharge, tmp_path, authorities=1)
    discharge.facts.catch_up()
    live = snapshot(discharge)
    this, add = os.getpid(), FactsReplay.add

    def add_or_fail(self: FactsReplay, events: list[Any]) -> None:
        if (os.getpid() == this) == (where == "this process"):
            raise ValueError(f"a projection broke in {where}")
        add(self, events)

    monkeypatch.setattr(FactsReplay, "add", add_or_fail)
    with pytest.raises((RuntimeError, ValueError), match=f"a projection broke in {where}"):
        discharge.facts.rebuild(workers=2)
    assert snapshot(discharge) == live
