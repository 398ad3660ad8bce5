"""The broker's decisions on a poll's batch, saved together with the batch's position: each
message sees what the ones before it in the batch decided, as one message at a time would; a
batch delivered again changes nothing; a message that cannot be applied is set aside and the
rest of its batch still decides."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from events.contracts import discharge as d
from events.delivery.messages import Delivery
from events.delivery.tracking import already_processed
from events.platform.settings import Settings
from events.registry import Payload
from events.serialisation import build, decode, encode
from events.topics import EPISODES
from services.broker.bootstrap import Broker
from services.broker.domain.package_request import package_id_for_episode
from services.broker.domain.placement_request import request_id_for_episode
from services.runtime import Runtime

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def broker(embedded_settings: Settings) -> Iterator[Broker]:
    runtime = Runtime(embedded_settings, ("broker",))
    service = runtime.services["broker"]
    assert isinstance(service, Broker)
    yield service
    runtime.close()


class Episodes:
    """Episodes' events on one partition of the topic, numbered as the relay numbers them."""

    def __init__(self) -> None:
        self.position = 0
        self.versions: dict[uuid.UUID, int] = {}

    def __call__(self, episode: uuid.UUID, payload: Payload) -> Delivery:
        self.position += 1
        self.versions[episode] = self.versions.get(episode, 0) + 1
        when = T0 + timedelta(minutes=self.position)
        envelope = build(
            payload, source="discharge", aggregate_id=episode,
            aggregate_version=self.versions[episode], occurred_at=when, recorded_at=when,
        )  # fmt: skip
        message = decode(encode(envelope))
        return Delivery(EPISODES, 0, self.position - 1, self.position, message)

    def journey(self, episode: uuid.UUID, ending: str | None) -> list[Delivery]:
        admitted = d.EpisodeAdmitted(
            provider_code="RVY", provider_name="Southport", site="", ward="W1",
            care_type="acute", la_code="E08000014", la_name="Sefton",
        )  # fmt: skip
        out = [self(episode, admitted), self(episode, d.BecameReady(pathway="P3"))]
        if ending:
            out.append(self(episode, d.EpisodeEnded(kind=ending)))
        return out


def outcome(broker: Broker, episodes: list[uuid.UUID]) -> list[Any]:
    """Each episode's request, as its events say: none, or its events' types."""
    out = []
    for episode in episodes:
        found = broker.app.find(request_id_for_episode(episode))
        out.append(
            None if found is None else [type(e).__name__ for e in broker.app.history(found.id)]
        )
    return out


def test_a_death_in_the_batch_that_opened_the_request_cancels_it(broker: Broker) -> None:
    stream, died, waits = Episodes(), uuid.uuid4(), uuid.uuid4()
    batch = [*stream.journey(died, "died"), *stream.journey(waits, None)]
    batch.append(stream(uuid.uuid4(), d.ReadinessWithdrawn()))  # decides nothing

    broker.foreign.handle_batch(batch)

    # saved as one, with the batch's last position (alone, that message would record none)
    assert already_processed(broker.app.outbox, batch[-1])

    [cancelled, opened] = outcome(broker, [died, waits])
    assert cancelled is not None and len(cancelled) == 2  # opened, then cancelled
    assert broker.app.find(request_id_for_episode(died)).closed  # type: ignore[union-attr]
    assert opened is not None and len(opened) == 1
    events = list(broker.app.history(request_id_for_episode(died)))
    causes = [e.causation_id for e in events]  # type: ignore[attr-defined]
    assert causes == [batch[1].message.envelope.event_id, batch[2].message.envelope.event_id]


@pytest.mark.parametrize("size", [1, 2, 5])
def test_batches_of_any_size_decide_as_one_message_at_a_time(
    broker: Broker, embedded_settings: Settings, size: int
) -> None:
    stream, episodes = Episodes(), [uuid.uuid4() for _ in range(4)]
    batch = [m for i, e in enumerate(episodes) for m in stream.journey(e, [None, "died"][i % 2])]
    for start in range(0, len(batch), size):
        broker.foreign.handle_batch(batch[start : start + size])
    expected = outcome(broker, episodes)
    assert [x is not None and len(x) for x in expected] == [1, 2, 1, 2]

    broker.foreign.handle_batch(batch)  # delivered again after a rebalance
    for delivery in batch:
        broker.foreign.handle(delivery)  # and once more one by one
    assert outcome(broker, episodes) == expected


def test_a_message_that_cannot_be_applied_is_set_aside_and_the_rest_decide(
    broker: Broker, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream, poisoned, fine = Episodes(), uuid.uuid4(), uuid.uuid4()
    batch = [*stream.journey(poisoned, None), *stream.journey(fine, "died")]
    decide = broker.foreign._decide

    def refusing(delivery: Delivery) -> Any:
        if delivery.message.envelope.aggregate_id == poisoned and delivery.position == 2:
            raise ValueError("a rule that raises on this message")
        return decide(delivery)

    monkeypatch.setattr(broker.foreign, "_decide", refusing)
    monkeypatch.setattr(broker.foreign.decisions, "decide", refusing)
    broker.foreign.handle_batch(batch)

    with broker.engine.connect() as conn:
        letters = broker.dead_letters.of(conn, "request-policy")
    assert [(x.stream, x.position) for x in letters] == [(batch[1].stream, 2)]
    [none, cancelled] = outcome(broker, [poisoned, fine])
    assert none is None and cancelled is not None and len(cancelled) == 2


def test_a_death_in_the_batch_that_opened_a_package_request_cancels_it(broker: Broker) -> None:
    """Ready on P1 opens a package request; the death in the same poll finds it there."""
    stream, died = Episodes(), uuid.uuid4()
    admitted = d.EpisodeAdmitted(
        provider_code="RVY", provider_name="Southport", site="", ward="W1",
        care_type="acute", la_code="E08000014", la_name="Sefton",
    )  # fmt: skip
    batch = [
        stream(died, admitted),
        stream(died, d.BecameReady(pathway="P1")),
        stream(died, d.EpisodeEnded(kind="died")),
    ]

    broker.foreign.handle_batch(batch)

    package = broker.app.package(package_id_for_episode(died))
    assert (package.stage, package.cancel_reason) == ("cancelled", "died")
    assert already_processed(broker.app.outbox, batch[-1])
