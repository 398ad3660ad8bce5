"""Rebuild a read model fed by other services' topics by reading the topics from offset zero
into shadow tables, then switching them in and catching up on what arrived meanwhile.

Only possible on Kafka (the embedded bus keeps nothing). Each poll's records of a partition
are applied in one transaction, and positions tracked, exactly as the live consumer does, so
the live consumer carries on afterwards without a gap or a double: whatever it delivers again
is below the rebuilt positions and changes nothing.
What the rebuild cannot apply or read is set aside in the shadow with the tables, and becomes
the projection's dead letters in place of the ones it had when they are switched in.
"""

from __future__ import annotations

from collections.abc import Callable

from kafka import KafkaConsumer, TopicPartition
from sqlalchemy import Engine, MetaData

from events.delivery.consumer import TrackedProjection
from events.delivery.kafka import to_delivery
from events.delivery.messages import BatchHandler, Delivery
from events.delivery.unreadable import SetAsideRecord, letter_of_record
from events.platform.shadow import shadow_of, switch_in
from events.platform.sqlite import for_writes


def _read(
    bootstrap: str,
    topics: list[str],
    start: dict[TopicPartition, int] | None,
    handle: BatchHandler,
    unreadable: SetAsideRecord,
) -> dict[TopicPartition, int]:
    """Apply every message from `start` (or the beginning) up to the end offsets as they are
    now; return those end offsets."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    try:
        partitions = [
            TopicPartition(t, p)
            for t in topics
            for p in sorted(consumer.partitions_for_topic(t) or ())
        ]
        consumer.assign(partitions)
        ends = consumer.end_offsets(partitions)
        for tp in partitions:
            consumer.seek(tp, (start or {}).get(tp, 0))
        while any(consumer.position(tp) < ends[tp] for tp in partitions):
            for tp, records in consumer.poll(timeout_ms=1000).items():
                batch = []
                for record in records:
                    if record.offset >= ends[TopicPartition(tp.topic, tp.partition)]:
                        break  # arrived after the rebuild began: the catch-up's
                    try:
                        batch.append(to_delivery(record))
                    except (ValueError, KeyError, TypeError) as exc:
                        unreadable(record, exc)
                if batch:
                    handle(batch)  # a poll's records of one partition in one transaction
        return ends
    finally:
        consumer.close()


def rebuild_from_topics(
    bootstrap: str,
    topics: list[str],
    engine: Engine,
    metadata: MetaData,
    projection: Callable[[Engine], TrackedProjection],
) -> int:
    """Returns how many messages were read."""
    shadow = shadow_of(engine)
    metadata.drop_all(shadow)
    metadata.create_all(shadow)
    count = 0
    building = projection(shadow)
    building.letters.reset()

    def into_shadow(deliveries: list[Delivery]) -> None:
        nonlocal count
        count += len(deliveries)
        building.handle_batch(deliveries)

    ends = _read(bootstrap, topics, None, into_shadow, _set_aside_in(building))
    with shadow.connect() as conn:
        found = building.letters.of(conn, building.name)
    switch_in(engine, shadow, metadata)
    live = projection(engine)
    with for_writes(engine).begin() as conn:
        live.letters.replace(conn, live.name, found)
    _read(bootstrap, topics, ends, live.handle_batch, _set_aside_in(live))
    return count


def _set_aside_in(projection: TrackedProjection) -> SetAsideRecord:
    def set_aside(record: object, error: Exception) -> None:
        with for_writes(projection.engine).begin() as conn:
            projection.letters.record(conn, letter_of_record(projection.name, record, error))

    return set_aside
