"""The availability index applied in batches leaves exactly the rows it left applying one
message at a time (the old projector, kept as the oracle): for random streams of every
vacancies and discharge contract it reads, with the tolerant reader's cases (holds announced
twice or moved, endings of unknown holds, updates of unknown homes and episodes, events out of
order, redeliveries), cut into batches of any size; and for a simulated borough's stream."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine

from events.contracts import discharge as d
from events.contracts import vacancies as v
from events.delivery.consumer import TrackedProjection
from events.delivery.messages import Delivery
from events.delivery.projectors import Projector
from events.platform.readmodels import Positions
from events.registry import Payload
from events.serialisation import Message
from services.broker.projections.availability import AvailabilityIndex
from services.broker.projections.tables import index_metadata, index_positions
from services.runtime import Runtime
from tests.broker.availability_oracle import MessageByMessage
from tests.broker.availability_sim import borough_stream
from tests.broker.availability_streams import EPISODES, HOMES, events, stream
from tests.readmodel_rows import every_row


def tracked(projector: Projector) -> TrackedProjection:
    engine = create_engine("sqlite://")
    return TrackedProjection(
        engine, index_metadata, Positions(index_positions, "availability"), projector
    )


def rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    return every_row(engine, index_metadata.sorted_tables)


def deliveries(messages: list[Message[Payload]], topic: str = "t") -> list[Delivery]:
    return [Delivery(topic, 0, i, i + 1, m) for i, m in enumerate(messages)]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    drawn=st.lists(events, min_size=30, max_size=120),  # long enough for holds to move, end twice
    repeats=st.lists(st.integers(0, 10_000), max_size=10),
    cuts=st.lists(st.integers(1, 25), min_size=1, max_size=10),
    redelivered=st.lists(st.integers(0, 10_000), max_size=5),
)
def test_batches_leave_the_rows_one_message_at_a_time_leaves(
    drawn: list[tuple[uuid.UUID, Payload]],
    repeats: list[int],
    cuts: list[int],
    redelivered: list[int],
) -> None:
    messages = stream(drawn)
    for i in repeats:  # the same event published again, at a new position
        if messages:
            m = messages[i % len(messages)]
            if not isinstance(m.payload, (v.CareHomeRegistered, d.EpisodeAdmitted)):
                messages.insert(min(len(messages), i % len(messages) + 1 + i % 5), m)
    oracle = tracked(MessageByMessage())  # not a BatchProjector: one message at a time
    for delivery in deliveries(messages):
        oracle.handle(delivery)

    batched = tracked(AvailabilityIndex())
    sent = deliveries(messages)
    for i in redelivered:  # a poll may repeat what an earlier one delivered: skipped
        if sent:
            sent.insert(min(len(sent), i % len(sent) + 1 + i % 7), sent[i % len(sent)])
    start, k = 0, 0
    while start < len(sent):
        size = cuts[k % len(cuts)]
        batched.handle_batch(sent[start : start + size])
        start, k = start + size, k + 1

    assert rows(batched.engine) == rows(oracle.engine)


def test_a_simulated_borough_in_batches_equals_one_message_at_a_time(runtime: Runtime) -> None:
    messages, live = borough_stream(runtime)
    assert len(messages) > 1000
    oracle = tracked(MessageByMessage())
    for delivery in deliveries(messages):
        oracle.handle(delivery)
    expected = rows(oracle.engine)
    assert all(expected[t] for t in ("homes", "free_beds", "holds", "hospital_episodes"))
    # the broker's own tables, built in the polls' batches as the simulation ran
    assert {t: r for t, r in live.items() if t != "index_positions"} == {
        t: r for t, r in expected.items() if t != "index_positions"
    }
    for size in (1, 7, 500):
        batched = tracked(AvailabilityIndex())
        sent = deliveries(messages)
        for start in range(0, len(sent), size):
            batched.handle_batch(sent[start : start + size])
        assert rows(batched.engine) == expected


@pytest.mark.parametrize("first", [HOMES[0], EPISODES[0]])
@pytest.mark.parametrize("same_batch", [True, False])
def test_a_second_registration_or_admission_is_set_aside_and_the_rest_goes_on(
    first: uuid.UUID, same_batch: bool
) -> None:
    payload: Payload
    if first in HOMES:
        payload = v.CareHomeRegistered(
            cqc_location_id="x", name="n", provider_id="p", local_authority_code="E1",
            local_authority_name="L", locality="l", postcode="LS1 1AA", latitude=53.0,
            longitude=-1.5, registered_beds=3, registrations=[], care_categories=[],
            specialisms=[],
        )  # fmt: skip
        other = HOMES[1]
    else:
        payload = d.EpisodeAdmitted(
            provider_code="R", provider_name="T", site="s", ward="w", care_type="acute",
            la_code="E1", la_name="L",
        )  # fmt: skip
        other = EPISODES[1]
    one, two = stream([(first, payload), (other, payload)])
    for projector in (MessageByMessage(), AvailabilityIndex()):
        projection = tracked(projector)
        sent = deliveries([one, one, two])
        if not same_batch:
            projection.handle_batch(sent[:1])
        projection.handle_batch(sent if same_batch else sent[1:])
        with projection.engine.connect() as conn:
            [aside] = projection.letters.of(conn)
            reached = projection.positions.get(conn, "t#0")
        assert (aside.consumer, aside.stream, aside.position) == ("availability", "t#0", 2)
        assert aside.event_id == str(one.envelope.event_id)
        assert "twice" in aside.error or "UNIQUE" in aside.error  # the oracle's or the index's
        assert reached == 3  # past the letter: the batch went on
        alone = tracked(projector.__class__())
        alone.handle_batch([sent[0], sent[2]])
        assert rows(projection.engine) == {
            **rows(alone.engine),
            "index_positions": rows(projection.engine)["index_positions"],
        }
