"""The dead-letter path as a property: for random streams of every contract the broker's
availability index reads, with reports no column can hold put in at random places and cut into
batches of any size, the index ends with the same rows as when each message is its own batch,
only the poisoned reports are ever set aside (in batches, only those it set aside alone too),
and it reads past them to the end of the stream."""

from __future__ import annotations

import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.contracts import vacancies as v
from events.registry import Payload
from services.broker.projections.availability import AvailabilityIndex
from tests.broker.availability_streams import HOMES, T0, events, stream
from tests.broker.test_availability_batches import deliveries, rows, tracked

POISON = 2**63  # free beds no integer column holds


def poison() -> v.VacanciesReported:
    return v.VacanciesReported(reported_at=T0, free_beds={"nursing-dementia": POISON})


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    drawn=st.lists(events, min_size=10, max_size=60),
    poisoned=st.lists(st.tuples(st.integers(0, 60), st.sampled_from(HOMES)), max_size=4),
    cuts=st.lists(st.integers(1, 25), min_size=1, max_size=8),
)
def test_only_the_poison_is_set_aside_however_the_stream_is_cut(
    drawn: list[tuple[uuid.UUID, Payload]],
    poisoned: list[tuple[int, uuid.UUID]],
    cuts: list[int],
) -> None:
    mixed: list[tuple[uuid.UUID, Payload]] = list(drawn)
    for at, home in sorted(poisoned, reverse=True):
        mixed.insert(min(at, len(mixed)), (home, poison()))
    messages = stream(mixed)
    bad = {
        i + 1
        for i, m in enumerate(messages)
        if isinstance(m.payload, v.VacanciesReported) and POISON in m.payload.free_beds.values()
    }
    one_by_one = tracked(AvailabilityIndex())
    for delivery in deliveries(messages):
        one_by_one.handle_batch([delivery])
    cut = tracked(AvailabilityIndex())
    sent, start, k = deliveries(messages), 0, 0
    while start < len(sent):
        size = cuts[k % len(cuts)]
        cut.handle_batch(sent[start : start + size])
        start, k = start + size, k + 1
    for projection in (one_by_one, cut):
        with projection.engine.connect() as conn:
            letters = projection.letters.of(conn)
            reached = projection.positions.get(conn, "t#0")
        assert {letter.position for letter in letters} <= bad
        assert reached == len(messages)  # read past every letter to the end
    assert rows(cut.engine) == rows(one_by_one.engine)
    # a batch writes each home's last report only, so a poison a later report of the same
    # batch supersedes is never stored, nor set aside; nothing else differs
    with one_by_one.engine.connect() as a, cut.engine.connect() as b:
        alone = {x.position for x in one_by_one.letters.of(a)}
        assert {y.position for y in cut.letters.of(b)} <= alone
