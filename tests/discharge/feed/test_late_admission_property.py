"""Property: a replay that delivers a stay's A01 late (behind its transfers, updates or its
discharge, as an engine resending a backlog can) leaves the episode as the messages applied
once, in order: the stay is admitted from the first message's own PV1, and the late A01,
older than the transfers already applied, does not move the patient back."""

from __future__ import annotations

import itertools

import hl7
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.discharge.bootstrap import Discharge
from tests.discharge.feed.adt_messages import story
from tests.discharge.feed.conftest import msa
from tests.discharge.feed.test_repeats_property import episodes_of, feed_for

_trusts = itertools.count(1)
plans = st.lists(st.sampled_from(["move", "update", "discharge"]), min_size=1, max_size=6)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=plans, data=st.data())
def test_a_late_admission_gives_the_episode_of_one_ordered_pass(
    discharge: Discharge, plan: list[str], data: st.DataObject
) -> None:
    n = next(_trusts)
    messages = story(f"L{n}", plan)
    admission, rest = messages[0], messages[1:]
    late = data.draw(st.integers(1, len(rest)), label="messages before the A01")
    in_order, replayed = feed_for(discharge, f"C{n}"), feed_for(discharge, f"D{n}")
    for message in messages:
        assert msa(hl7.parse(in_order.handle(message.text())))[0] == "AA"
    for message in [*rest[:late], admission, *rest[late:], admission]:
        assert msa(hl7.parse(replayed.handle(message.text())))[0] == "AA"
    assert episodes_of(discharge, f"C{n}", [f"L{n}"]) == episodes_of(discharge, f"D{n}", [f"L{n}"])
