"""Shared by the waiting list's fast-rebuild parity tests (SQLite and PostgreSQL): a
realistic broker log, from a small simulated region run through all three services, and
every row of the waiting list's tables."""

from __future__ import annotations

from typing import Any

from services.broker.bootstrap import Broker
from services.broker.projections.tables import waiting_metadata
from services.runtime import Runtime
from services.simulation.simulation import Config, Simulation
from tests.readmodel_rows import every_row


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
    return every_row(broker.engine, waiting_metadata.sorted_tables)
