"""Subscribe a service's handler to topics, the same way in both modes.

Embedded: the handler joins the in-process bus and runs inside the publisher's relay call.
Production: one Kafka consumer-group member per call; the returned loop polls it until
stopped (more processes with the same group share the partitions).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from events.delivery.inprocess import InProcessBus
from events.delivery.messages import BatchHandler, Delivery, Handler
from events.platform.settings import Settings
from events.topics import named

if TYPE_CHECKING:
    from events.delivery.kafka import KafkaConsumerLoop

Loop = Callable[[threading.Event], None]
log = logging.getLogger(__name__)


class Subscription:
    def __init__(
        self,
        settings: Settings,
        bus: InProcessBus | None,
        name: str,
        topics: list[str],
        handler: Handler,
        batch_handler: BatchHandler | None = None,
    ) -> None:
        self.settings = settings
        self.topics = [named(t, settings.topic_prefix) for t in topics]
        self.group = f"{settings.consumer_group_prefix}-{name}"
        self.handler = self._logged(name, handler)
        self.batch_handler = self._logged_batch(name, batch_handler) if batch_handler else None
        self._loop: KafkaConsumerLoop | None = None  # joined on first use: see _consumer
        if not settings.kafka_bootstrap:
            if bus is None:
                raise ValueError("the embedded mode needs the process's in-process bus")
            for topic in self.topics:
                bus.subscribe(topic, self.handler, self.batch_handler)

    @staticmethod
    def _logged_batch(service: str, batch_handler: BatchHandler) -> BatchHandler:
        def handle(deliveries: list[Delivery]) -> None:
            batch_handler(deliveries)
            for delivery in deliveries:
                _log_handled(service, delivery)

        return handle

    @staticmethod
    def _logged(service: str, handler: Handler) -> Handler:
        def handle(delivery: Delivery) -> None:
            handler(delivery)
            _log_handled(service, delivery)

        return handle

    def _consumer(self) -> KafkaConsumerLoop | None:
        # Joined on first use, so a one-off command (an import, a return) that never consumes
        # does not join the running service's consumer group and make it rebalance.
        if self._loop is None and self.settings.kafka_bootstrap:
            from events.delivery.kafka import KafkaConsumerLoop, ensure_topics

            ensure_topics(self.settings.kafka_bootstrap, self.topics)
            self._loop = KafkaConsumerLoop(
                self.settings.kafka_bootstrap,
                self.topics,
                self.group,
                self.handler,
                self.batch_handler,
                self.settings.kafka_session_timeout_seconds,
            )
        return self._loop

    def loops(self) -> list[Loop]:
        consumer = self._consumer()
        return [consumer.run_forever] if consumer is not None else []

    def poll_once(self) -> int:
        """Handle what is waiting now (production); the embedded bus needs no polling."""
        consumer = self._consumer()
        return consumer.poll_once(timeout_ms=200) if consumer is not None else 0

    def close(self) -> None:
        if self._loop is not None:
            self._loop.close()


def _log_handled(service: str, delivery: Delivery) -> None:
    env = delivery.message.envelope
    log.info(
        "%s handled %s",
        service,
        env.event_type,
        extra={
            "service": service,
            "event_type": env.event_type,
            "event_id": str(env.event_id),
            "correlation_id": str(env.correlation_id or env.aggregate_id),
            "causation_id": str(env.causation_id) if env.causation_id else None,
            "stream": delivery.stream,
            "position": delivery.position,
        },
    )
