"""What a read model's projector promises: to apply one message, a batch, or (for a full
rebuild) to replay events into empty tables without reading its rows back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from sqlalchemy.engine import Connection

from events.registry import Payload
from events.serialisation import Message


class Projector(Protocol):
    """Writes the rows one integration event implies, inside the caller's transaction."""

    def apply(self, conn: Connection, message: Message[Payload]) -> None: ...


@runtime_checkable
class BatchProjector(Projector, Protocol):
    """A projector that writes a whole batch at once (multi-row inserts, one state refresh)."""

    def apply_batch(self, conn: Connection, messages: list[Message[Payload]]) -> None: ...


@dataclass(frozen=True, slots=True)
class Recorded:
    """What a projector needs of one published event, however it was read: from the live
    path's envelope, or straight from the stored domain event on a replay."""

    aggregate_id: uuid.UUID
    aggregate_version: int
    occurred_at: datetime
    recorded_at: datetime
    payload: Payload


class Replay(Protocol):
    """Writes a full rebuild into empty tables: `add` every event of some aggregates in log
    order, then `finish`."""

    def add(self, events: list[Recorded]) -> None: ...

    def finish(self) -> None: ...


@runtime_checkable
class ReplayingProjector(Projector, Protocol):
    """A projector that can rebuild from scratch without reading its rows back. It promises
    that the rows of one aggregate follow from that aggregate's events alone, so a rebuild
    may be shared out between processes by aggregate."""

    def replay(self, conn: Connection) -> Replay: ...
