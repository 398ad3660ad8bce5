"""Kafka adapters (kafka-python): a publisher for the outbox relay and a consumer loop.

The producer is idempotent with acks=all, so retries inside the client neither duplicate
nor reorder messages of one partition. The consumer commits offsets only after its handler
returned; offsets are a shortcut, the handler's own position tracking is the guarantee.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterable

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError
from tenacity import retry, retry_if_exception_type, stop_after_delay, wait_fixed

from events.delivery.messages import POSITION_HEADER, BatchHandler, Delivery, Handler, Outgoing
from events.delivery.unreadable import SetAsideRecord
from events.serialisation import decode
from events.topics import PARTITIONS

log = logging.getLogger(__name__)


class TopicsNotReady(RuntimeError):
    """A topic asked for is not yet described with a leader for every partition."""


def ensure_topics(bootstrap: str, topics: Iterable[str], partitions: int = PARTITIONS) -> None:
    """Create topics with a fixed partition count before anyone publishes to them, and return
    once every partition of each has a leader.

    A consumer group that joins while a topic it subscribes to is still being created is
    assigned none of that topic's partitions until a later rebalance; waiting here keeps a
    service that has just started from sitting deaf to a topic."""
    names = list(topics)
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="carebridge-admin")
    try:
        existing = set(admin.list_topics())
        wanted = [NewTopic(t, partitions, 1) for t in names if t not in existing]
        if wanted:
            with contextlib.suppress(TopicAlreadyExistsError):
                admin.create_topics(wanted)
        _wait_for_leaders(admin, names)
    finally:
        admin.close()


@retry(
    retry=retry_if_exception_type(TopicsNotReady),
    wait=wait_fixed(0.1),
    stop=stop_after_delay(30),
    reraise=True,
)
def _wait_for_leaders(admin: KafkaAdminClient, topics: list[str]) -> None:
    if not topics:
        return
    described = admin.describe_topics(topics)
    ready = {
        t["name"]
        for t in described
        if t["error_code"] == 0
        and t["partitions"]
        and all(p["leader_id"] >= 0 for p in t["partitions"])
    }
    if missing := sorted(set(topics) - ready):
        raise TopicsNotReady(f"topics without a leader yet: {', '.join(missing)}")


class KafkaPublisher:
    def __init__(self, bootstrap: str, client_id: str, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._producer = KafkaProducer(
            bootstrap_servers=bootstrap,
            client_id=client_id,
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
            batch_size=256 * 1024,
            compression_type=None,
        )

    def publish(self, messages: list[Outgoing]) -> None:
        futures = [
            self._producer.send(
                m.topic,
                key=m.key.encode(),
                value=m.value,
                headers=[(POSITION_HEADER, str(m.position).encode())],
            )
            for m in messages
        ]
        self._producer.flush(timeout=self.timeout)
        for f in futures:
            f.get(timeout=self.timeout)  # raises if any message was not acknowledged

    def close(self) -> None:
        self._producer.close(timeout=5)


def to_delivery(record: object) -> Delivery:
    headers = dict(getattr(record, "headers", None) or [])
    return Delivery(
        topic=record.topic,  # type: ignore[attr-defined]
        partition=record.partition,  # type: ignore[attr-defined]
        offset=record.offset,  # type: ignore[attr-defined]
        position=int(headers[POSITION_HEADER]),
        message=decode(record.value),  # type: ignore[attr-defined]
    )


class KafkaConsumerLoop:
    """One member of a consumer group feeding a handler, at least once, in partition order."""

    def __init__(
        self,
        bootstrap: str,
        topics: list[str],
        group_id: str,
        handler: Handler,
        batch_handler: BatchHandler | None = None,
        session_timeout_seconds: float = 10.0,
        set_aside: SetAsideRecord | None = None,
    ) -> None:
        """`set_aside`: where a record that cannot be read goes (None: it fails its poll)."""
        self.handler = handler
        self.batch_handler = batch_handler
        self.set_aside = set_aside
        session_ms = round(session_timeout_seconds * 1000)
        self._consumer = KafkaConsumer(
            *topics,
            bootstrap_servers=bootstrap,
            group_id=group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=500,
            # kafka-python's default (45 s) kept a killed member's partitions idle that long
            session_timeout_ms=session_ms,
            heartbeat_interval_ms=max(100, session_ms // 3),
            # kafka-python's default (5 min) left a group that joined while one of its topics
            # was unknown to its metadata without that topic's partitions for as long
            metadata_max_age_ms=5_000,
        )

    def poll_once(self, timeout_ms: int = 500) -> int:
        """Handle one poll's records; on a failure rewind that partition so it is retried."""
        batches = self._consumer.poll(timeout_ms=timeout_ms)
        handled = 0
        for tp, records in batches.items():
            if self.batch_handler is not None:
                try:
                    self.batch_handler(self._readable(records))
                except Exception:
                    log.exception("batch failed at %s@%s; will retry", tp, records[0].offset)
                    self._consumer.seek(TopicPartition(tp.topic, tp.partition), records[0].offset)
                    continue
                handled += len(records)
                continue
            for record in records:
                try:
                    for delivery in self._readable([record]):
                        self.handler(delivery)
                except Exception:
                    log.exception("handler failed at %s@%s; will retry", tp, record.offset)
                    self._consumer.seek(TopicPartition(tp.topic, tp.partition), record.offset)
                    break
                handled += 1
        if handled:
            self._consumer.commit()
        return handled

    def _readable(self, records: list[object]) -> list[Delivery]:
        """The records as deliveries; one that cannot be read is set aside, when there is
        somewhere to set it."""
        deliveries = []
        for record in records:
            try:
                deliveries.append(to_delivery(record))
            except (ValueError, KeyError, TypeError) as exc:  # UnreadableMessage is a ValueError
                if self.set_aside is None:
                    raise
                self.set_aside(record, exc)
        return deliveries

    def run_forever(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.poll_once()
            except Exception:
                log.exception("consumer poll failed; retrying")
                stop.wait(1.0)

    def close(self) -> None:
        self._consumer.close()
