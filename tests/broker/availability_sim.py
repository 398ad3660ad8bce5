"""A realistic stream for the availability index's parity test: every vacancies and
discharge message the broker's index took while a small simulated borough ran, in order."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from events.delivery.projectors import BatchProjector
from events.registry import Payload
from events.serialisation import Message
from services.broker.projections.tables import index_metadata
from services.runtime import Runtime
from services.simulation.simulation import Config, Simulation
from tests.broker.rebuild_parity import broker_of
from tests.readmodel_rows import every_row


class Recording:
    """The broker's own projector, noting each message it is given."""

    def __init__(self, inner: BatchProjector) -> None:
        self.inner = inner
        self.messages: list[Message[Payload]] = []

    def apply(self, conn: Connection, message: Message[Payload]) -> None:
        self.apply_batch(conn, [message])

    def apply_batch(self, conn: Connection, messages: list[Message[Payload]]) -> None:
        self.messages += messages
        self.inner.apply_batch(conn, messages)


def borough_stream(
    runtime: Runtime, homes: int = 50, days: int = 20
) -> tuple[list[Message[Payload]], dict[str, list[tuple[Any, ...]]]]:
    """The messages, and every row of the broker's index the run left."""
    broker = broker_of(runtime)
    projector = broker.index.projector
    assert isinstance(projector, BatchProjector)
    recording = broker.index.projector = Recording(projector)
    Simulation(runtime, Config(seed=3, days=days, homes=homes)).run()
    return recording.messages, every_row(broker.engine, index_metadata.sorted_tables)
