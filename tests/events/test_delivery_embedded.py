"""The outbox relay and the in-process bus: at least once, in order, exactly-once effects."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import Notification

from events.contracts import vacancies as v
from events.delivery.inprocess import InProcessBus
from events.delivery.messages import Delivery, Outgoing
from events.delivery.relay import OutboxRelay
from events.delivery.tracking import save_tracked
from events.envelope import Envelope
from events.platform.application import ServiceApplication
from events.serialisation import build, encode

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class Home(Aggregate):
    @event("Reported")
    def __init__(self, free: int) -> None:
        self.free = free

    @event("Resumed")
    def resume(self, note: str) -> None:
        self.note = note


class Publisher(ServiceApplication):
    name = "publisher"

    def translate(self, note: Notification) -> Sequence[tuple[str, Envelope]]:
        e = self.mapper.to_domain_event(note)
        payload = v.PlacementsResumed(note=getattr(e, "note", str(getattr(e, "free", ""))))
        return [
            (
                "homes",
                build(
                    payload,
                    source="test",
                    aggregate_id=e.originator_id,
                    aggregate_version=e.originator_version,
                    occurred_at=T0,
                    recorded_at=e.timestamp,
                ),
            )
        ]


class Counter(Aggregate):
    @event("Counted")
    def __init__(self) -> None:
        self.seen: list[str] = []

    @event("Noted")
    def note(self, text: str) -> None:
        self.seen.append(text)


class Consumer(ServiceApplication):
    name = "consumer"

    def __init__(self, env: dict[str, str]) -> None:
        super().__init__(env)
        self.counter = Counter()
        self.save(self.counter)

    def handle(self, delivery: Delivery) -> None:
        counter = self.repository.get(self.counter.id)
        counter.note(delivery.message.payload.note)  # type: ignore[attr-defined]
        save_tracked(self, delivery, counter)

    def seen(self) -> list[str]:
        return self.repository.get(self.counter.id).seen


def sqlite_env(path: Path) -> dict[str, str]:
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}


@pytest.fixture
def wired(tmp_path: Path) -> tuple[Publisher, Consumer, InProcessBus]:
    bus = InProcessBus()
    publisher = Publisher(sqlite_env(tmp_path / "pub.sqlite"))
    consumer = Consumer(sqlite_env(tmp_path / "con.sqlite"))
    bus.subscribe("homes", consumer.handle)
    return publisher, consumer, bus


def test_relay_publishes_everything_in_order_and_resumes_where_it_stopped(wired) -> None:  # type: ignore[no-untyped-def]
    publisher, consumer, bus = wired
    home = Home(free=1)
    for i in range(5):
        home.resume(note=f"n{i}")
    publisher.save(home)
    relay = OutboxRelay(publisher.outbox, publisher.translate, bus, batch_size=2)
    assert relay.run_once() == 2
    assert relay.run_until_idle() == 4
    assert consumer.seen() == ["1", "n0", "n1", "n2", "n3", "n4"]
    assert relay.run_until_idle() == 0


def test_republished_messages_after_a_relay_crash_change_nothing(wired) -> None:  # type: ignore[no-untyped-def]
    publisher, consumer, bus = wired
    home = Home(free=2)
    home.resume(note="a")
    publisher.save(home)

    class CrashAfterPublish:
        def publish(self, messages: list[Outgoing]) -> None:
            bus.publish(messages)
            raise ConnectionError("relay died before recording its position")

        def close(self) -> None: ...

    with pytest.raises(ConnectionError):
        OutboxRelay(publisher.outbox, publisher.translate, CrashAfterPublish()).run_once()
    assert consumer.seen() == ["2", "a"]
    # The restarted relay republishes both; the consumer recognises them by position.
    assert OutboxRelay(publisher.outbox, publisher.translate, bus).run_until_idle() == 2
    assert consumer.seen() == ["2", "a"]


def test_a_redelivered_message_is_a_no_op(wired) -> None:  # type: ignore[no-untyped-def]
    publisher, consumer, bus = wired
    publisher.save(Home(free=3))
    captured: list[Delivery] = []
    bus.subscribe("homes", captured.append)
    OutboxRelay(publisher.outbox, publisher.translate, bus).run_until_idle()
    consumer.handle(captured[0])
    consumer.handle(captured[0])
    assert consumer.seen() == ["3"]


def test_event_ids_are_deterministic() -> None:
    home_id = uuid.uuid4()
    a = build(
        v.PlacementsResumed(),
        source="s",
        aggregate_id=home_id,
        aggregate_version=3,
        occurred_at=T0,
        recorded_at=T0,
    )
    b = build(
        v.PlacementsResumed(),
        source="s",
        aggregate_id=home_id,
        aggregate_version=3,
        occurred_at=T0,
        recorded_at=datetime.now(UTC),
    )
    assert a.event_id == b.event_id


def test_a_batch_subscriber_gets_each_run_of_its_topic_at_once_in_order() -> None:
    bus = InProcessBus()
    batches: list[list[tuple[str, int]]] = []
    singles: list[tuple[str, int]] = []
    bus.subscribe("homes", lambda d: singles.append((d.topic, d.position)))
    bus.subscribe(
        "homes", lambda d: None, lambda ds: batches.append([(d.topic, d.position) for d in ds])
    )
    bus.subscribe("beds", lambda d: singles.append((d.topic, d.position)))

    def out(topic: str, position: int) -> Outgoing:
        envelope = build(
            v.PlacementsResumed(note=str(position)),
            source="test",
            aggregate_id=uuid.uuid4(),
            aggregate_version=1,
            occurred_at=T0,
            recorded_at=T0,
        )
        return Outgoing(topic, str(envelope.aggregate_id), encode(envelope), position)

    bus.publish([out("homes", 1), out("homes", 2), out("beds", 3), out("homes", 4)])
    # the batch subscriber's handler for single messages is not called as well
    assert batches == [[("homes", 1), ("homes", 2)], [("homes", 4)]]
    assert singles == [("homes", 1), ("homes", 2), ("beds", 3), ("homes", 4)]
