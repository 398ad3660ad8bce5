"""The waiting list's fast rebuild (requests' rows kept in memory, bulk-loaded, shared
between processes by request) leaves exactly the tables the live path leaves, catching up
one batch at a time."""

from __future__ import annotations

from events.delivery.bulk_replay import replayer
from services.runtime import Runtime
from tests.broker.rebuild_parity import broker_of, record_history, snapshot


def test_the_waiting_list_takes_the_fast_path(runtime: Runtime) -> None:
    waiting = broker_of(runtime).waiting
    assert replayer(waiting.projector, waiting.translate) is not None


def test_a_fast_rebuild_equals_the_live_catch_up_row_for_row(runtime: Runtime) -> None:
    recorded = record_history(runtime)
    broker = broker_of(runtime)
    broker.waiting.batch_size = 37  # many batch boundaries, inside requests' histories too
    # The simulation kept the list up to date as it went: start the live path from nothing.
    with broker.engine.begin() as conn:
        for table in reversed(broker.waiting.metadata.sorted_tables):
            conn.execute(table.delete())
    assert broker.waiting.catch_up() == recorded
    live = snapshot(broker)
    stages = {row[10] for row in live["requests"]}
    assert {"seeking", "placed", "cancelled", "admission_booked"} <= stages
    assert {row[5] for row in live["referrals"]} >= {"sent", "accepted", "declined"}
    assert any(row[-1] for row in live["referrals"])  # some escalated
    assert live["waiting_positions"][0][-1] == recorded

    for workers in (1, 2):
        assert broker.waiting.rebuild(workers=workers) == recorded
        assert snapshot(broker) == live


def test_a_fast_rebuild_of_an_empty_log_leaves_empty_tables(runtime: Runtime) -> None:
    broker = broker_of(runtime)
    assert broker.waiting.rebuild(workers=2) == 0
    assert all(rows == [] for rows in snapshot(broker).values())
