"""The embedded bus: the same delivery semantics as Kafka, inside one process.

Publishing hands each message to every subscriber of its topic before returning, so the
relay records its position only after every consumer has processed (and tracked) the
message: a crash replays from the relay's position and consumers drop what they had.
One partition per topic, so order is total. A subscriber that takes batches gets each run of
consecutive messages of its topic at once, as a Kafka consumer gets a poll's records.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

from events.delivery.messages import BatchHandler, Delivery, Handler, Outgoing
from events.serialisation import decode


class InProcessBus:
    def __init__(self) -> None:
        self._handlers: dict[str, list[tuple[Handler, BatchHandler | None]]] = defaultdict(list)
        self._offsets: dict[str, int] = defaultdict(int)

    def subscribe(self, topic: str, handler: Handler, batch: BatchHandler | None = None) -> None:
        self._handlers[topic].append((handler, batch))

    def publish(self, messages: list[Outgoing]) -> None:
        for topic, run in groupby(messages, key=lambda out: out.topic):
            deliveries = []
            for out in run:
                offset = self._offsets[topic]
                self._offsets[topic] += 1
                deliveries.append(Delivery(topic, 0, offset, out.position, decode(out.value)))
            for handler, batch in self._handlers.get(topic, ()):
                if batch is not None:
                    batch(deliveries)
                else:
                    for delivery in deliveries:
                        handler(delivery)

    def close(self) -> None:
        self._handlers.clear()
