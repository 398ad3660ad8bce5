"""A read model fed from a topic: each delivery's rows and its upstream position are written
in one transaction, so a redelivered or replayed message changes nothing. A message that
cannot be applied is set aside as a dead letter in the same transaction (with its envelope, so
it can be applied again) and the rest of the batch goes on (events/delivery/guarded.py)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import Engine, MetaData
from sqlalchemy.engine import Connection

from events.delivery.deadletters import DeadLetter, DeadLetters, failed_again, letter, log_set_aside
from events.delivery.failures import describe, is_transient
from events.delivery.guarded import apply_guarded
from events.delivery.messages import Delivery
from events.delivery.projectors import Projector, apply_all
from events.platform.readmodels import Positions
from events.platform.sqlite import for_writes
from events.serialisation import decode, encode

log = logging.getLogger(__name__)


class TrackedProjection:
    def __init__(
        self, engine: Engine, metadata: MetaData, positions: Positions, projector: Projector
    ) -> None:
        """Its dead letters are named after its positions' projection."""
        self.engine = engine
        self.metadata = metadata
        self.positions = positions
        self.projector = projector
        self.name = positions.projection
        self.letters = DeadLetters(engine)
        metadata.create_all(engine)

    def handle(self, delivery: Delivery) -> None:
        self.handle_batch([delivery])

    def handle_batch(self, deliveries: list[Delivery]) -> None:
        """A poll's deliveries in one transaction: rows and positions together, each message
        applied only if its position is new."""
        with for_writes(self.engine).begin() as conn:
            # claimed in one order, so two replicas in a rebalance cannot deadlock
            reached = {
                stream: self.positions.claim(conn, stream)
                for stream in sorted({d.stream for d in deliveries})
            }
            new: list[Delivery] = []
            for delivery in deliveries:
                stream = delivery.stream
                if delivery.position > reached[stream]:
                    new.append(delivery)
                    reached[stream] = delivery.position
            apply_guarded(conn, new, self._apply, self._set_aside)
            for stream, position in reached.items():
                self.positions.advance(conn, stream, position)  # once per stream and batch

    def _apply(self, conn: Connection, deliveries: Sequence[Delivery]) -> None:
        apply_all(self.projector, conn, [d.message for d in deliveries])

    def _set_aside(self, conn: Connection, delivery: Delivery, error: Exception) -> None:
        found = letter_of_delivery(self.name, delivery, error)
        log_set_aside(found)
        self.letters.record(conn, found)

    def retry(self, found: DeadLetter) -> str | None:
        """Apply a dead letter's message again on top of the rows as they are now: None when
        it applied and its letter is gone; else the error, which its letter now says."""
        with for_writes(self.engine).begin() as conn:
            try:
                with conn.begin_nested():
                    self._apply(conn, [delivery_of(found)])
            except Exception as exc:
                if is_transient(exc):
                    raise
                self.letters.record(conn, failed_again(found, exc))
                return describe(exc)
            self.letters.remove(conn, found)
            return None

    def reset(self) -> None:
        """Drop and recreate the read model, to be replayed from the topics' start."""
        self.metadata.drop_all(self.engine)
        self.metadata.create_all(self.engine)


def letter_of_delivery(consumer: str, delivery: Delivery, error: Exception) -> DeadLetter:
    """The dead letter of a delivery, keeping its envelope."""
    env = delivery.message.envelope
    return letter(
        consumer,
        delivery.stream,
        delivery.position,
        event_id=env.event_id,
        event_type=env.event_type,
        aggregate_id=env.aggregate_id,
        error=describe(error),
        message=encode(env).decode(),
    )


def delivery_of(found: DeadLetter) -> Delivery:
    """The delivery a dead letter kept, as it arrived (its stream and position too)."""
    if found.message is None:
        raise ValueError(f"the dead letter at {found.stream} #{found.position} kept no message")
    topic, _, partition = found.stream.rpartition("#")
    return Delivery(topic, int(partition or 0), -1, found.position, decode(found.message))
