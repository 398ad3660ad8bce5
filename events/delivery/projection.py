"""Keep a SQL read model up to date with the service's own notification log.

Each batch of notifications is applied and the position advanced in one transaction, so a
crash mid-batch leaves the read model at a clean position. Rebuilding drops the tables and
replays the whole log.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol, runtime_checkable

from sqlalchemy import Engine, MetaData, Table
from sqlalchemy.engine import Connection

from events.delivery.relay import Outbox, Translate
from events.platform.readmodels import Positions
from events.platform.shadow import outdated, shadow_of, switch_in
from events.registry import Payload, contract_for
from events.serialisation import Message

log = logging.getLogger(__name__)


class Projector(Protocol):
    """Writes the rows one integration event implies, inside the caller's transaction."""

    def apply(self, conn: Connection, message: Message[Payload]) -> None: ...


@runtime_checkable
class BatchProjector(Projector, Protocol):
    """A projector that writes a whole batch at once (multi-row inserts, one state refresh)."""

    def apply_batch(self, conn: Connection, messages: list[Message[Payload]]) -> None: ...


class LogProjection:
    STREAM = "own-log"

    def __init__(
        self,
        name: str,
        outbox: Outbox,
        translate: Translate,
        engine: Engine,
        metadata: MetaData,
        positions: Table,
        projector: Projector,
        batch_size: int = 1000,
    ) -> None:
        """`positions` is the read model's positions table; this projection's row in it is
        named after the projection."""
        self.name = name
        self.outbox = outbox
        self.translate = translate
        self.engine = engine
        self.metadata = metadata
        self.positions = Positions(positions, name)
        self.projector = projector
        self.batch_size = batch_size
        self._lock = threading.Lock()
        self.upgraded = outdated(engine, metadata)
        if self.upgraded:  # the code changed the read model's shape: rebuild it from the log
            log.warning("%s: read model shape changed; rebuilding it from the log", name)
            self.rebuild()
        metadata.create_all(engine)

    def catch_up(self) -> int:
        """Apply everything recorded since the last position; return how many notifications."""
        with self._lock:
            return self._catch_up(self.engine)

    def _behind(self, engine: Engine) -> bool:
        """A lock-free look first, so a reader with nothing to apply takes no row lock."""
        with engine.connect() as conn:
            start = self.positions.get(conn, self.STREAM)
        return bool(self.outbox.select_notifications(start, 1, inclusive_of_start=False))

    def _catch_up(self, engine: Engine) -> int:
        total = 0
        if not self._behind(engine):
            return total
        while True:
            with engine.begin() as conn:
                start = self.positions.claim(conn, self.STREAM)
                notes = self.outbox.select_notifications(
                    start, self.batch_size, inclusive_of_start=False
                )
                if not notes:
                    return total
                messages = [
                    Message(
                        env,
                        contract_for(env.event_type, env.schema_version).model_validate(
                            env.payload
                        ),
                    )
                    for note in notes
                    for _topic, env in self.translate(note)
                ]
                if isinstance(self.projector, BatchProjector):
                    self.projector.apply_batch(conn, messages)
                else:
                    for message in messages:
                        self.projector.apply(conn, message)
                self.positions.advance(conn, self.STREAM, notes[-1].id)
            total += len(notes)

    def rebuild(self) -> int:
        """Replay the whole log into new tables beside the live ones, then switch them in at
        once: readers see the old view until the new one is complete."""
        shadow = shadow_of(self.engine)
        self.metadata.drop_all(shadow)
        self.metadata.create_all(shadow)
        replayed = self._catch_up(shadow)  # the slow part: live readers are not held up
        with self._lock:
            self._catch_up(shadow)  # what arrived meanwhile
            switch_in(self.engine, shadow, self.metadata)
        return replayed
