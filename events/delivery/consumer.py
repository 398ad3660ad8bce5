"""A read model fed from a topic: each delivery's rows and its upstream position are written
in one transaction, so a redelivered or replayed message changes nothing."""

from __future__ import annotations

from sqlalchemy import Engine, MetaData

from events.delivery.messages import Delivery
from events.delivery.projectors import Projector, apply_all
from events.platform.readmodels import Positions
from events.registry import Payload
from events.serialisation import Message


class TrackedProjection:
    def __init__(
        self, engine: Engine, metadata: MetaData, positions: Positions, projector: Projector
    ) -> None:
        self.engine = engine
        self.metadata = metadata
        self.positions = positions
        self.projector = projector
        metadata.create_all(engine)

    def handle(self, delivery: Delivery) -> None:
        self.handle_batch([delivery])

    def handle_batch(self, deliveries: list[Delivery]) -> None:
        """A poll's deliveries in one transaction: rows and positions together, each message
        applied only if its position is new."""
        with self.engine.begin() as conn:
            # claimed in one order, so two replicas in a rebalance cannot deadlock
            reached = {
                stream: self.positions.claim(conn, stream)
                for stream in sorted({d.stream for d in deliveries})
            }
            new: list[Message[Payload]] = []
            for delivery in deliveries:
                stream = delivery.stream
                if delivery.position > reached[stream]:
                    new.append(delivery.message)
                    reached[stream] = delivery.position
            apply_all(self.projector, conn, new)
            for stream, position in reached.items():
                self.positions.advance(conn, stream, position)  # once per stream and batch

    def reset(self) -> None:
        """Drop and recreate the read model, to be replayed from the topics' start."""
        self.metadata.drop_all(self.engine)
        self.metadata.create_all(self.engine)
