"""Shared by the waiting list's fast-rebuild parity tests (SQLite and PostgreSQL): a
realistic broker log, from a small simulated region run through all three services, and
every row of the waiting list's tables."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services.broker.bootstrap import Broker
from services.broker.projections.tables import waiting_metadata
from services.runtime import Runtime
from services.simulation.simulation import Config, Simulation


def record_history(runtime: Runtime, homes: int = 50, days: int = 20, seed: int = 3) -> int:
    """Placement requests through every stage: opened from hospital episodes (some waiting
    for their needs), referred, accepted and declined, escalated, offered, declined or
    failed, booked, admitted, cancelled."""
    Simulation(runtime, Config(seed=seed, days=days, homes=homes)).run()
    return broker_of(runtime).app.recorder.max_notification_id() or 0


def broker_of(runtime: Runtime) -> Broker:
    service = runtime.services["broker"]
    assert isinstance(service, Broker)
    return service


def snapshot(broker: Broker) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the waiting list's tables, in key order."""
    with broker.engine.connect() as conn:
        return {
            table.name: [
                tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in waiting_metadata.sorted_tables
        }
