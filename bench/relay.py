"""Benchmark 6: the discharge service's outbox relay publishing its log to Kafka, beside a bare
kafka-python producer, configured as ours, sending the same encoded messages."""

from __future__ import annotations

from dataclasses import replace

from eventsourcing.persistence import StoredEvent
from kafka import KafkaProducer

from bench.common import Result, timed
from bench.discharge import stored_events
from bench.workload import Workload, run
from events.delivery.inprocess import InProcessBus
from events.delivery.kafka import ensure_topics
from events.delivery.messages import POSITION_HEADER, Outgoing
from events.delivery.relay import OutboxRelay
from events.platform.settings import Settings
from events.serialisation import encode
from events.topics import named
from services.discharge.bootstrap import Discharge

BATCH = 1000
BACKEND = "PostgreSQL+Kafka"


def record_commands(settings: Settings, work: Workload) -> None:
    """Benchmark 1's commands applied to a new discharge store, untimed: the log to relay when
    benchmark 1 itself is not run (`--only-kafka`)."""
    discharge = Discharge(settings, InProcessBus())
    try:
        run(discharge.app, work.commands)
    finally:
        discharge.close()


def _copy_log(source: Settings) -> list[StoredEvent]:
    """The events an earlier benchmark's commands recorded (on SQLite), to fill a new store."""
    discharge = Discharge(source, InProcessBus())
    try:
        return stored_events(discharge.app.outbox)
    finally:
        discharge.close()


def _outgoing(relay: OutboxRelay) -> list[Outgoing]:
    """What the relay will publish, built as it builds it (this also reads the log once)."""
    out: list[Outgoing] = []
    start = 0
    while notes := relay.outbox.select_notifications(start, BATCH, inclusive_of_start=False):
        out += [
            Outgoing(named(topic, relay.topic_prefix), str(env.aggregate_id), encode(env), n.id)
            for n in notes
            for topic, env in relay.translate(n)
        ]
        start = notes[-1].id
    return out


def _produce_alone(bootstrap: str, messages: list[Outgoing]) -> float:
    """Seconds for a bare producer, configured as ours, to send the messages and flush once."""
    producer = KafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        batch_size=256 * 1024,
    )
    headers = [[(POSITION_HEADER, str(m.position).encode())] for m in messages]

    def send() -> None:
        sent = [
            producer.send(m.topic, key=m.key.encode(), value=m.value, headers=h)
            for m, h in zip(messages, headers, strict=True)
        ]
        producer.flush()
        for future in sent:
            future.get()

    try:
        return timed(send)[1]
    finally:
        producer.close()


def relay_throughput(settings: Settings, source: Settings) -> tuple[Result, str, int]:
    """The relay's figure, the topic it filled and how many messages that topic holds."""
    assert settings.kafka_bootstrap, "this benchmark needs Kafka"
    stored = _copy_log(source)
    discharge = Discharge(settings, None)
    try:
        for at in range(0, len(stored), BATCH):  # fill the outbox, untimed
            discharge.app.outbox.insert_events(stored[at : at + BATCH])
        messages = _outgoing(discharge.relay)
        moved, seconds = timed(discharge.relay.run_until_idle)
    finally:
        discharge.close()
    [topic] = {m.topic for m in messages}
    bare = named("bare-producer", settings.topic_prefix)
    ensure_topics(settings.kafka_bootstrap, [bare])
    alone = _produce_alone(settings.kafka_bootstrap, [replace(m, topic=bare) for m in messages])
    result = Result(
        "6 outbox relay to Kafka",
        BACKEND,
        f"{moved} events, {len(messages)} messages",
        moved / seconds,
        moved / alone,
        "events/s",
        "KafkaProducer (acks=all, idempotent, as ours) sending the same messages, one flush",
        f"{seconds:.2f} s, in batches of {discharge.relay.batch_size}; bare {alone:.2f} s",
    )
    return result, topic, len(messages)
