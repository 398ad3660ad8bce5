"""The embedded bus: the same delivery semantics as Kafka, inside one process.

Publishing hands each message to every subscriber of its topic before returning, so the
relay records its position only after every consumer has processed (and tracked) the
message: a crash replays from the relay's position and consumers drop what they had.
One partition per topic, so order is total.
"""

from __future__ import annotations

from collections import defaultdict

from events.delivery.messages import Delivery, Handler, Outgoing
from events.serialisation import decode


class InProcessBus:
    def __init__(self) -> None:
        self._handlers: dict[str, list[Handler]] = defaultdict(list)
        self._offsets: dict[str, int] = defaultdict(int)

    def subscribe(self, topic: str, handler: Handler) -> None:
        self._handlers[topic].append(handler)

    def publish(self, messages: list[Outgoing]) -> None:
        for out in messages:
            offset = self._offsets[out.topic]
            self._offsets[out.topic] += 1
            delivery = Delivery(out.topic, 0, offset, out.position, decode(out.value))
            for handler in self._handlers.get(out.topic, ()):
                handler(delivery)

    def close(self) -> None:
        self._handlers.clear()
