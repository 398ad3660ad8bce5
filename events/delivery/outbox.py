"""Wire a service's outbox: its topic created (production) and a relay to the bus, woken on
PostgreSQL by every process's commits (pg_notify.py)."""

from __future__ import annotations

from events.delivery.bus import make_publisher
from events.delivery.inprocess import InProcessBus
from events.delivery.messages import Publisher
from events.delivery.pg_notify import commits_listener
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
    channel = getattr(outbox, "channel_name", None)  # the PostgreSQL recorder's NOTIFY channel
    listen = None
    if settings.postgres_url and channel:
        listen = commits_listener(
            settings.postgres_url, channel, max(1, settings.postgres_connect_timeout)
        )
    relay = OutboxRelay(
        outbox, translate, publisher, topic_prefix=settings.topic_prefix, listen=listen
    )
    return relay, publisher
