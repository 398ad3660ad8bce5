"""Property: however an engine's streams for several stays interleave, and whatever it sends
twice, the episodes are those of each message applied once, in order."""

from __future__ import annotations

import itertools
from typing import Any

import hl7
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.discharge.bootstrap import Discharge
from services.discharge.feed.apply import Feed
from services.discharge.feed.mapping import TrustMapping
from services.discharge.feed.store import FeedStore
from tests.discharge.feed.adt_messages import Adt, story
from tests.discharge.feed.conftest import msa

STEPS = ["admit", "move", "update", "discharge", "cancel_discharge", "cancel_move", "cancel_admit"]
_trusts = itertools.count(1)

stays = st.lists(st.lists(st.sampled_from(STEPS), max_size=7), min_size=1, max_size=3)


@st.composite
def delivery(draw: st.DrawFn, streams: list[list[Adt]]) -> list[Adt]:
    """The streams interleaved, each message sent one to three times (a repeat comes after
    the first sending, as a resend does), each stream's order kept."""
    queues = [[m for m in stream for _ in range(draw(st.integers(1, 3)))] for stream in streams]
    sent: list[Adt] = []
    while any(queues):
        queue = draw(st.sampled_from([q for q in queues if q]))
        sent.append(queue.pop(0))
    return sent


def episodes_of(discharge: Discharge, trust: str, references: list[str]) -> list[Any]:
    found = []
    for reference in references:
        _, e = discharge.app.locate(trust, reference)
        found.append(
            None
            if e is None
            else (e.site, e.ward, e.ended, e.withdrawn, e.admitted_at, e.nhs_number, e.care_type)
        )
    return found


def feed_for(discharge: Discharge, trust: str) -> Feed:
    return Feed(discharge.app, FeedStore(discharge.engine), trust, TrustMapping())


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), plans=stays)
def test_interleaved_streams_with_repeats_give_the_episodes_of_one_ordered_pass(
    discharge: Discharge, data: st.DataObject, plans: list[list[str]]
) -> None:
    n = next(_trusts)
    streams = [story(f"S{n}x{i}", plan) for i, plan in enumerate(plans)]
    references = [f"S{n}x{i}" for i in range(len(plans))]
    once, interleaved = feed_for(discharge, f"A{n}"), feed_for(discharge, f"B{n}")
    for message in itertools.chain.from_iterable(streams):
        assert msa(hl7.parse(once.handle(message.text())))[0] == "AA"
    for message in data.draw(delivery(streams)):
        assert msa(hl7.parse(interleaved.handle(message.text())))[0] == "AA"
    assert episodes_of(discharge, f"A{n}", references) == episodes_of(
        discharge, f"B{n}", references
    )
    assert all(e is not None for e in episodes_of(discharge, f"B{n}", references))
