"""Benchmark 7: the broker consuming the discharge topic and applying every message exactly
once, beside a bare kafka-python consumer, configured as ours, reading the same topic into the
same database: each message's row (where it was read, its position, key and body) and the
partition's position written in one transaction per poll and partition, plain psycopg."""

from __future__ import annotations

import time
from typing import Any

import psycopg
from kafka import KafkaConsumer, TopicPartition

from bench.common import Result, timed
from events.delivery.kafka import to_delivery
from events.delivery.messages import POSITION_HEADER
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


BARE_TABLES = """
CREATE TABLE bare_consumer_rows (
    stream text NOT NULL, position bigint NOT NULL, key text, value text NOT NULL,
    PRIMARY KEY (stream, position)
);
CREATE TABLE bare_consumer_positions (stream text PRIMARY KEY, position bigint NOT NULL);
"""
INSERT_ROW = "INSERT INTO bare_consumer_rows VALUES (%s, %s, %s, %s)"
ADVANCE = (
    "INSERT INTO bare_consumer_positions VALUES (%s, %s) "
    "ON CONFLICT (stream) DO UPDATE SET position = excluded.position"
)


def _row(record: Any) -> tuple[str, int, str | None, str]:
    """The message's row: where it was read, the publisher's position, its key and body."""
    headers = dict(record.headers or [])
    stream = f"{record.topic}#{record.partition}"
    key = record.key.decode() if record.key is not None else None
    return stream, int(headers[POSITION_HEADER]), key, record.value.decode()


def _consume_alone(
    bootstrap: str, database: str, topic: str, group: str, expected: int
) -> tuple[float, float]:
    """Seconds for a bare consumer in a fresh group, configured as ours, to read every record
    and write each one's row into the database, with its partition's position, in one
    transaction per poll and partition, then commit its offsets, as ours does; and seconds to
    decode the records afterwards (`to_delivery`: the envelope parsed and validated)."""
    with psycopg.connect(database, autocommit=True) as ddl:
        ddl.execute(BARE_TABLES)
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=500,
    )
    records: list[Any] = []

    def read(conn: psycopg.Connection[Any]) -> None:
        deadline = time.monotonic() + TIMEOUT
        while len(records) < expected and time.monotonic() < deadline:
            batches = consumer.poll(timeout_ms=200)
            for batch in batches.values():
                rows = [_row(r) for r in batch]
                with conn.transaction(), conn.cursor() as cur:
                    cur.executemany(INSERT_ROW, rows)
                    cur.execute(ADVANCE, (rows[-1][0], rows[-1][1]))
                records.extend(batch)
            if batches:
                consumer.commit()

    try:
        with psycopg.connect(database, autocommit=True) as conn:
            _, seconds = timed(lambda: read(conn))
            written = conn.execute("SELECT count(*) FROM bare_consumer_rows").fetchone()
    finally:
        consumer.close()
    assert len(records) == expected, f"read {len(records)} of {expected} records"
    assert written is not None and written[0] == expected, f"wrote {written} rows"
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
    assert settings.postgres_url, "this benchmark needs PostgreSQL"
    read, decode = _consume_alone(
        settings.kafka_bootstrap, settings.postgres_url, topic, group, expected
    )
    return Result(
        "7 Kafka consumer (broker)",
        "PostgreSQL+Kafka",
        f"{expected} messages, {caused} events caused",
        expected / seconds,
        expected / read,
        "messages/s",
        "KafkaConsumer in a fresh group (as ours) reading the topic from the start, each "
        "message's row and its partition's position written in one transaction per poll",
        f"ours {seconds:.2f} s, bare {read:.2f} s, both incl. joining the group; "
        f"decoding alone {expected / decode:,.0f}/s",
        target="consumer",
    )
