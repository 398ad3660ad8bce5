"""Health and operations for one process: liveness, readiness, metrics and `carebridge status`.

Readiness means every service here can reach its event store and read model, Kafka answers
(production), the outbox is not falling behind, consumers are not lagging beyond a bound, and
no projection or consumer has set a message aside (a dead letter: `carebridge deadletters`).
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import CollectorRegistry, Gauge, generate_latest
from sqlalchemy import text

from events.delivery.deadletters import DeadLetters
from events.delivery.projection import LogProjection
from events.platform.settings import Settings

BACKLOG_BOUND = 10_000  # notifications not yet published before we call a service not ready
LAG_BOUND = 10_000  # messages not yet consumed


@dataclass
class ServiceHealth:
    name: str
    log_position: int = 0
    relay_position: int = 0
    projections: dict[str, int] = field(default_factory=dict)
    consumer_lag: int | None = None
    dead_letters: dict[str, int] = field(default_factory=dict)  # per projection or consumer
    problems: list[str] = field(default_factory=list)

    @property
    def backlog(self) -> int:
        return self.log_position - self.relay_position

    @property
    def ready(self) -> bool:
        return not self.problems


def kafka_reachable(bootstrap: str) -> bool:
    host, _, port = bootstrap.split(",")[0].rpartition(":")
    try:
        socket.create_connection((host, int(port)), timeout=2).close()
        return True
    except OSError:
        return False


def consumer_lag(settings: Settings, group: str, topics: list[str]) -> int:
    """Messages on the topics not yet committed by the consumer group. Asked through a
    consumer that names the group but never joins it, so it does not cause a rebalance."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap, group_id=group, enable_auto_commit=False
    )
    try:
        partitions = [
            TopicPartition(t, p) for t in topics for p in (consumer.partitions_for_topic(t) or ())
        ]
        ends = consumer.end_offsets(partitions)
        return sum(end - (consumer.committed(tp) or 0) for tp, end in ends.items())
    finally:
        consumer.close()


def health_of(service: Any, settings: Settings) -> ServiceHealth:
    h = ServiceHealth(service.name)
    try:
        h.log_position = service.app.recorder.max_notification_id() or 0
        h.relay_position = service.relay.position
    except Exception as exc:  # noqa: BLE001 - reported, not raised: this is the health check
        h.problems.append(f"event store unreachable: {type(exc).__name__}")
    try:
        with service.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            for value in vars(service).values():
                if isinstance(value, LogProjection):
                    h.projections[value.name] = value.positions.get(conn, value.STREAM)
            letters = getattr(service, "dead_letters", None)
            if isinstance(letters, DeadLetters):
                h.dead_letters = letters.counts(conn)
    except Exception as exc:  # noqa: BLE001
        h.problems.append(f"read model unreachable: {type(exc).__name__}")
    for consumer, n in sorted(h.dead_letters.items()):
        h.problems.append(
            f"{consumer}: {n} event(s) set aside as dead letters (carebridge deadletters)"
        )
    if h.backlog > BACKLOG_BOUND:
        h.problems.append(f"outbox backlog {h.backlog} above {BACKLOG_BOUND}")
    if settings.kafka_bootstrap:
        if not kafka_reachable(settings.kafka_bootstrap):
            h.problems.append("Kafka unreachable")
        else:
            subscription = getattr(service, "subscription", None) or getattr(
                service, "placements", None
            )
            if subscription is not None and hasattr(subscription, "group"):
                try:
                    h.consumer_lag = consumer_lag(settings, subscription.group, subscription.topics)
                except Exception as exc:  # noqa: BLE001
                    h.problems.append(f"consumer lag unknown: {type(exc).__name__}")
                if h.consumer_lag is not None and h.consumer_lag > LAG_BOUND:
                    h.problems.append(f"consumer lag {h.consumer_lag} above {LAG_BOUND}")
    return h


def metrics_text(healths: list[ServiceHealth]) -> bytes:
    """Prometheus text exposition of the same figures."""
    registry = CollectorRegistry()
    position = Gauge(
        "carebridge_log_position", "last notification id", ["service"], registry=registry
    )
    backlog = Gauge(
        "carebridge_outbox_backlog",
        "notifications not yet published",
        ["service"],
        registry=registry,
    )
    projected = Gauge(
        "carebridge_projection_position",
        "last notification applied",
        ["service", "projection"],
        registry=registry,
    )
    lag = Gauge(
        "carebridge_consumer_lag", "messages not yet consumed", ["service"], registry=registry
    )
    set_aside = Gauge(
        "carebridge_dead_letters",
        "messages a projection or consumer set aside",
        ["service", "consumer"],
        registry=registry,
    )
    ready = Gauge("carebridge_ready", "1 when the service is ready", ["service"], registry=registry)
    for h in healths:
        position.labels(h.name).set(h.log_position)
        backlog.labels(h.name).set(h.backlog)
        for name, value in h.projections.items():
            projected.labels(h.name, name).set(value)
        if h.consumer_lag is not None:
            lag.labels(h.name).set(h.consumer_lag)
        for consumer, n in h.dead_letters.items():
            set_aside.labels(h.name, consumer).set(n)
        ready.labels(h.name).set(1 if h.ready else 0)
    return generate_latest(registry)
