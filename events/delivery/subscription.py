"""Subscribe a service's handler to topics, the same way in both modes.

Embedded: the handler joins the in-process bus and runs inside the publisher's relay call.
Production: one Kafka consumer-group member per call; the returned loop polls it until
stopped (more processes with the same group share the partitions). In both, a record that
cannot even be read is set aside as a dead letter of `<name>-subscription`, given somewhere
to keep it (`letters`); applying it again hands it to the handler.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from events.delivery.consumer import delivery_of
from events.delivery.deadletters import DeadLetter, DeadLetters
from events.delivery.inprocess import InProcessBus
from events.delivery.messages import BatchHandler, Delivery, Handler
from events.delivery.unreadable import letter_of_record
from events.platform.settings import Settings
from events.platform.sqlite import for_writes
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
        letters: DeadLetters | None = None,
    ) -> None:
        self.settings = settings
        self.name = f"{name}-subscription"  # the consumer its unreadable records are set aside by
        self.letters = letters
        self.topics = [named(t, settings.topic_prefix) for t in topics]
        self.group = f"{settings.consumer_group_prefix}-{name}"
        self.handler = self._logged(name, handler)
        self.batch_handler = self._logged_batch(name, batch_handler) if batch_handler else None
        self._loop: KafkaConsumerLoop | None = None  # joined on first use: see _consumer
        if not settings.kafka_bootstrap:
            if bus is None:
                raise ValueError("the embedded mode needs the process's in-process bus")
            set_aside = self._set_aside if letters is not None else None
            for topic in self.topics:
                bus.subscribe(topic, self.handler, self.batch_handler, set_aside)

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
                self._set_aside if self.letters is not None else None,
            )
        return self._loop

    def _set_aside(self, record: object, error: Exception) -> None:
        assert self.letters is not None
        found = letter_of_record(self.name, record, error)
        log.error("%s set aside an unreadable record at %s: %s", self.name, found.stream, error)
        with for_writes(self.letters.engine).begin() as conn:
            self.letters.record(conn, found)

    def retry(self, found: DeadLetter) -> str | None:
        """Read a set-aside record again and hand it to the handler: None when it was read
        and handled (its letter gone), else the error, which its letter now says."""
        assert self.letters is not None
        return self.letters.retried(found, lambda: self.handler(delivery_of(found)))

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
