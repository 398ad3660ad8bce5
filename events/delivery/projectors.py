"""What a read model's projector promises: to apply one message, a batch, or (for a full
rebuild) to replay events into empty tables without reading its rows back."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Generic, NamedTuple, Protocol, TypeVar, runtime_checkable

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


def apply_all(projector: Projector, conn: Connection, messages: list[Message[Payload]]) -> None:
    """The messages' rows, in order: at once when the projector takes batches (few statements,
    not some per message), else one by one."""
    if isinstance(projector, BatchProjector):
        if messages:
            projector.apply_batch(conn, messages)
    else:
        for message in messages:
            projector.apply(conn, message)


class Recorded(NamedTuple):
    """What a projector needs of one published event, however it was read: from the live
    path's envelope, or straight from the stored domain event on a replay. (A tuple: a
    replay makes one per event, and a tuple is made in a third of a frozen dataclass's time.)"""

    aggregate_id: uuid.UUID
    aggregate_version: int
    occurred_at: datetime
    recorded_at: datetime
    payload: Payload

    @classmethod
    def of(cls, message: Message[Payload]) -> Recorded:
        """What the live path's message says of its event."""
        env = message.envelope
        return cls(
            env.aggregate_id,
            env.aggregate_version,
            env.occurred_at,
            env.recorded_at,
            message.payload,
        )


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


class AggregateRows(Protocol):
    """One aggregate's rows of a read model, kept in memory while its events are applied."""

    def apply(self, event: Recorded) -> None: ...


RowsT = TypeVar("RowsT", bound=AggregateRows)


class PerAggregateReplay(Generic[RowsT]):
    """A full rebuild's writer for a projector whose every row belongs to one aggregate: each
    aggregate's events (all of them, in log order) applied in memory to its rows (`new(id)`),
    then `write` bulk-loads every aggregate's rows once, at the end."""

    def __init__(
        self,
        conn: Connection,
        new: Callable[[str], RowsT],
        write: Callable[[Connection, list[RowsT]], None],
    ) -> None:
        self.conn, self.new, self.write = conn, new, write
        self.found: dict[str, RowsT] = {}

    def add(self, events: list[Recorded]) -> None:
        found = self.found
        for event in events:
            key = str(event.aggregate_id)
            rows = found.get(key)
            if rows is None:
                rows = found[key] = self.new(key)
            rows.apply(event)

    def finish(self) -> None:
        self.write(self.conn, list(self.found.values()))
