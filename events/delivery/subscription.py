"""Subscribe a service's handler to topics, the same way in both modes.

Embedded: the handler joins the in-process bus and runs inside the publisher's relay call.
Production: one Kafka consumer-group member per call; the returned loop polls it until
stopped (more processes with the same group share the partitions).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from events.delivery.inprocess import InProcessBus
from events.delivery.messages import Handler
from events.platform.settings import Settings
from events.topics import named

Loop = Callable[[threading.Event], None]


class Subscription:
    def __init__(
        self,
        settings: Settings,
        bus: InProcessBus | None,
        name: str,
        topics: list[str],
        handler: Handler,
    ) -> None:
        self.settings = settings
        self.topics = [named(t, settings.topic_prefix) for t in topics]
        self.group = f"{settings.consumer_group_prefix}-{name}"
        self.handler = handler
        self._loop = None
        if settings.kafka_bootstrap:
            from events.delivery.kafka import KafkaConsumerLoop, ensure_topics

            ensure_topics(settings.kafka_bootstrap, self.topics)
            self._loop = KafkaConsumerLoop(
                settings.kafka_bootstrap, self.topics, self.group, handler
            )
        else:
            if bus is None:
                raise ValueError("the embedded mode needs the process's in-process bus")
            for topic in self.topics:
                bus.subscribe(topic, handler)

    def loops(self) -> list[Loop]:
        return [self._loop.run_forever] if self._loop is not None else []

    def poll_once(self) -> int:
        """Handle what is waiting now (production); the embedded bus needs no polling."""
        return self._loop.poll_once(timeout_ms=200) if self._loop is not None else 0

    def close(self) -> None:
        if self._loop is not None:
            self._loop.close()
