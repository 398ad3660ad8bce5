"""The fast rebuild (bulk loads, nothing read back, shared between processes) leaves exactly
the tables the live path leaves, catching up one batch at a time."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from events.platform import shadow
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
    assert snapshot(discharge) == {
        "episodes": [],
        "episode_facts": [],
        "episode_census": [],
        "episode_leavings": [],
        "positions": [],
    }


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


def break_a_share(monkeypatch: pytest.MonkeyPatch, where: str, error: Exception) -> None:
    """The fast replay's share in `where` (a worker, or this process) raises `error`."""
    this, take = os.getpid(), FactsReplay._take

    def take_or_fail(self: FactsReplay, *rows: Any) -> None:
        if (os.getpid() == this) == (where == "this process"):
            raise error
        take(self, *rows)

    monkeypatch.setattr(FactsReplay, "_take", take_or_fail)


@pytest.mark.parametrize("where", ["worker", "this process"])
def test_a_share_that_cannot_be_applied_is_rebuilt_the_slow_way_to_the_same_tables(
    discharge: Discharge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    record_history(discharge, tmp_path, authorities=1)
    discharge.facts.catch_up()
    live = snapshot(discharge)
    break_a_share(monkeypatch, where, ValueError(f"a projection broke in {where}"))
    discharge.facts.rebuild(workers=2)  # message by message, where nothing fails
    assert snapshot(discharge) == live


@pytest.mark.parametrize("where", ["worker", "this process"])
def test_a_share_failing_on_the_database_fails_the_rebuild_and_leaves_the_live_tables(
    discharge: Discharge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    record_history(discharge, tmp_path, authorities=1)
    discharge.facts.catch_up()
    live = snapshot(discharge)
    break_a_share(monkeypatch, where, sqlite3.OperationalError(f"disk I/O error in {where}"))
    with pytest.raises((RuntimeError, sqlite3.OperationalError), match=f"error in {where}"):
        discharge.facts.rebuild(workers=2)
    assert snapshot(discharge) == live


@pytest.mark.parametrize("workers", [1, 2])
def test_a_fast_rebuild_stores_each_table_in_key_order(
    discharge: Discharge, tmp_path: Path, workers: int
) -> None:
    """Each process writes its rows in key order and the switch copies the parts in turn, so
    SQLite appends (a third of the time of keys inserted all over: measured in the fourth pass,
    `git show 9057ea1:docs/performance.md`)."""
    record_history(discharge, tmp_path)
    discharge.facts.rebuild(workers=workers)
    with discharge.facts.engine.connect() as conn:
        for table, key in [("episode_facts", "episode_id, seq"), ("episodes", "episode_id")]:
            stored = conn.exec_driver_sql(f"SELECT {key} FROM {table} ORDER BY rowid").all()
            assert len(stored) > 100
            # in key order within each process's part: one run per part
            runs = 1 + sum(a > b for a, b in zip(stored, stored[1:], strict=False))
            assert runs <= workers


def test_read_model_files_are_made_with_16_kib_pages(discharge: Discharge) -> None:
    with discharge.facts.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA page_size").scalar() == 16384


def test_a_switch_that_fails_leaves_the_live_tables_and_the_next_rebuild_works(
    discharge: Discharge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_history(discharge, tmp_path, authorities=1)
    discharge.facts.catch_up()
    live = snapshot(discharge)
    with discharge.facts.engine.connect() as conn:
        secure = conn.exec_driver_sql("PRAGMA secure_delete").scalar()
    views = Path(discharge.facts.engine.url.database or "")
    bogus = views.with_suffix(".bogus.sqlite")
    other = create_engine(f"sqlite:///{bogus}")
    with other.begin() as conn:  # a "part" whose table has another shape: its copy fails
        conn.exec_driver_sql("CREATE TABLE episode_facts (x INTEGER)")
    other.dispose()
    part_files = shadow._part_files
    monkeypatch.setattr(shadow, "_part_files", lambda side: [*part_files(side), bogus])
    with pytest.raises(sqlite3.OperationalError):
        discharge.facts.rebuild(workers=1)
    assert snapshot(discharge) == live
    monkeypatch.setattr(shadow, "_part_files", part_files)
    discharge.facts.rebuild(workers=1)  # the failed switch's connection was not reused
    assert snapshot(discharge) == live
    with discharge.facts.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == secure  # given back
