"""Benchmark 7: the broker consuming the discharge topic and applying every message exactly
once, beside a bare kafka-python consumer, configured as ours, reading the same topic."""

from __future__ import annotations

import time

from kafka import KafkaConsumer, TopicPartition

from bench.common import Result, timed
from events.delivery.kafka import to_delivery
from events.platform.settings import Settings
from events.topics import PARTITIONS
from services.broker.bootstrap import Broker

TIMEOUT = 300.0  # seconds for either to read the whole topic


def _messages_on(bootstrap: str, topic: str) -> int:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap)
    try:
        ends = consumer.end_offsets([TopicPartition(topic, p) for p in range(PARTITIONS)])
        return sum(ends.values())
    finally:
        consumer.close()


def _consume_alone(bootstrap: str, topic: str, group: str, expected: int) -> tuple[float, float]:
    """Seconds for a bare consumer in a fresh group to read every record, committing after each
    poll as ours does; and seconds to decode the records afterwards (`to_delivery`)."""
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=500,
    )
    records: list[object] = []

    def read() -> None:
        deadline = time.monotonic() + TIMEOUT
        while len(records) < expected and time.monotonic() < deadline:
            if batches := consumer.poll(timeout_ms=200):
                records.extend(r for batch in batches.values() for r in batch)
                consumer.commit()

    try:
        _, seconds = timed(read)
    finally:
        consumer.close()
    assert len(records) == expected, f"read {len(records)} of {expected} records"
    return seconds, timed(lambda: [to_delivery(r) for r in records])[1]


def consumer_throughput(settings: Settings, topic: str, expected: int) -> Result:
    """The broker's own subscription, polled until it has handled every message of `topic`."""
    assert settings.kafka_bootstrap, "this benchmark needs Kafka"
    assert _messages_on(settings.kafka_bootstrap, topic) == expected, "other messages on topic"
    broker = Broker(settings, None)
    try:

        def consume() -> int:
            handled, deadline = 0, time.monotonic() + TIMEOUT
            while handled < expected and time.monotonic() < deadline:
                handled += broker.subscription.poll_once()
            return handled

        handled, seconds = timed(consume)
        caused = broker.app.recorder.max_notification_id() or 0
    finally:
        broker.close()
    assert handled == expected, f"the broker handled {handled} of {expected} messages"
    group = f"{settings.consumer_group_prefix}bare"
    read, decode = _consume_alone(settings.kafka_bootstrap, topic, group, expected)
    return Result(
        "7 Kafka consumer (broker)",
        "PostgreSQL+Kafka",
        f"{expected} messages, {caused} events caused",
        expected / seconds,
        expected / read,
        "messages/s",
        "KafkaConsumer in a fresh group (as ours) reading the topic from the start",
        f"{seconds:.2f} s incl. joining the group; decoding alone {expected / decode:,.0f}/s",
    )
