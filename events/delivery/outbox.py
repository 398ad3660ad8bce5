"""Wire a service's outbox: its topic created (production) and a relay to the bus."""

from __future__ import annotations

from events.delivery.bus import make_publisher
from events.delivery.inprocess import InProcessBus
from events.delivery.messages import Publisher
from events.delivery.relay import Outbox, OutboxRelay, Translate
from events.platform.settings import Settings
from events.topics import named


def outbox_relay(
    settings: Settings,
    service: str,
    outbox: Outbox,
    translate: Translate,
    topic: str,
    bus: InProcessBus | None,
) -> tuple[OutboxRelay, Publisher]:
    if settings.kafka_bootstrap:
        from events.delivery.kafka import ensure_topics

        ensure_topics(settings.kafka_bootstrap, [named(topic, settings.topic_prefix)])
    publisher = make_publisher(settings, f"{service}-relay", bus)
    relay = OutboxRelay(outbox, translate, publisher, topic_prefix=settings.topic_prefix)
    return relay, publisher
