"""The embedded bus: the same delivery semantics as Kafka, inside one process.

Publishing hands each message to every subscriber of its topic before returning, so the
relay records its position only after every consumer has processed (and tracked) the
message: a crash replays from the relay's position and consumers drop what they had.
One partition per topic, so order is total. A subscriber that takes batches gets each run of
consecutive messages of its topic at once, as a Kafka consumer gets a poll's records. A
message that cannot be read is set aside by each subscriber that says where
(`set_aside`, as on Kafka); for the others it fails the publish, as before.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from types import SimpleNamespace
from typing import NamedTuple

from events.delivery.messages import POSITION_HEADER, BatchHandler, Delivery, Handler, Outgoing
from events.delivery.unreadable import SetAsideRecord
from events.serialisation import decode


class _Subscriber(NamedTuple):
    handler: Handler
    batch: BatchHandler | None
    set_aside: SetAsideRecord | None


class InProcessBus:
    def __init__(self) -> None:
        self._handlers: dict[str, list[_Subscriber]] = defaultdict(list)
        self._offsets: dict[str, int] = defaultdict(int)

    def subscribe(
        self,
        topic: str,
        handler: Handler,
        batch: BatchHandler | None = None,
        set_aside: SetAsideRecord | None = None,
    ) -> None:
        self._handlers[topic].append(_Subscriber(handler, batch, set_aside))

    def publish(self, messages: list[Outgoing]) -> None:
        for topic, run in groupby(messages, key=lambda out: out.topic):
            deliveries: list[Delivery] = []
            unreadable: list[tuple[SimpleNamespace, Exception]] = []
            for out in run:
                offset = self._offsets[topic]
                self._offsets[topic] += 1
                try:
                    deliveries.append(Delivery(topic, 0, offset, out.position, decode(out.value)))
                except ValueError as exc:  # UnreadableMessage
                    unreadable.append((_record(topic, offset, out), exc))
            for handler, batch, set_aside in self._handlers.get(topic, ()):
                for record, error in unreadable:
                    if set_aside is None:
                        raise error
                    set_aside(record, error)
                if batch is not None:
                    batch(deliveries)
                else:
                    for delivery in deliveries:
                        handler(delivery)

    def close(self) -> None:
        self._handlers.clear()


def _record(topic: str, offset: int, out: Outgoing) -> SimpleNamespace:
    """The message as a Kafka consumer would have received it."""
    headers = [(POSITION_HEADER, str(out.position).encode())]
    return SimpleNamespace(
        topic=topic, partition=0, offset=offset, headers=headers, value=out.value
    )
