"""Choose the bus from settings: Kafka in production, the in-process bus embedded."""

from __future__ import annotations

from events.delivery.inprocess import InProcessBus
from events.delivery.messages import Publisher
from events.platform.settings import Settings


def make_publisher(
    settings: Settings, client_id: str, embedded_bus: InProcessBus | None
) -> Publisher:
    if settings.kafka_bootstrap:
        from events.delivery.kafka import KafkaPublisher

        return KafkaPublisher(settings.kafka_bootstrap, client_id)
    if embedded_bus is None:
        raise ValueError("the embedded mode needs the process's in-process bus")
    return embedded_bus
