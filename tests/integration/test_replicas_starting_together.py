"""Replicas of a service started at the same moment on a fresh PostgreSQL database, as a
deployment (or `bench.burst --brokers 2`) starts them: each creates the same event store and
read model tables, and every one of them must come up."""

from __future__ import annotations

import threading

import pytest

from events.platform.settings import Settings
from services.runtime import Runtime


@pytest.mark.parametrize("service", ["broker", "vacancies", "discharge"])
def test_replicas_started_together_on_a_fresh_database_all_come_up(
    production_settings: Settings, service: str
) -> None:
    replicas = 4
    start = threading.Barrier(replicas)
    started: list[Runtime] = []
    failed: list[str] = []

    def replica() -> None:
        start.wait()
        try:
            started.append(Runtime(production_settings, (service,)))
        except Exception as exc:  # noqa: BLE001 - each failure is reported below
            failed.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=replica) for _ in range(replicas)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert failed == []
        assert len(started) == replicas
    finally:
        for runtime in started:
            runtime.close()
