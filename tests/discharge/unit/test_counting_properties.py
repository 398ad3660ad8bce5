"""Random journeys: the census agrees with a day-by-day oracle and the identities hold."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from services.discharge.domain.calendar import end_of_day
from services.discharge.domain.primary_reason import PrimaryRule
from services.discharge.domain.returns import EpisodeFacts, drd, dtoc
from services.discharge.domain.timeline import leaving, midnights, state_at
from services.discharge.domain.vocabulary import DTOC_REASONS
from tests.discharge.unit.stories import Journey

FIRST, LAST = date(2019, 12, 1), date(2019, 12, 31)
PAIRS = [(r.code, a.value) for r in DTOC_REASONS for a in r.agencies]


@st.composite
def journeys(draw: st.DrawFn, name: str = "j") -> Journey:
    start = date(2019, 11, 1) + timedelta(days=draw(st.integers(0, 50)))
    j = Journey(
        f"{start} 08:00",
        provider=draw(st.sampled_from(["R1", "R2", "R3"])),
        la=draw(st.sampled_from(["E1", "E2", "S92000003"])),
        care_type=draw(st.sampled_from(["acute", "non_acute"])),
        name=name,
    )
    day, ready = start, False
    for _ in range(draw(st.integers(0, 8))):
        day += timedelta(days=draw(st.integers(0, 6)))
        when = f"{day} {draw(st.integers(9, 22)):02d}:{draw(st.integers(0, 59)):02d}"
        step = draw(st.sampled_from(["ready", "not_ready", "reason", "reason"]))
        if step == "ready":
            j.ready(when)
        elif step == "not_ready" and ready:
            j.not_ready(when)
        elif step == "reason":
            code, agency = draw(st.sampled_from(PAIRS))
            j.reason(when, code, agency)
        ready = step == "ready" or (ready and step != "not_ready")
    if draw(st.booleans()):
        day += timedelta(days=draw(st.integers(0, 10)))
        (j.died if draw(st.integers(0, 5)) == 0 else j.discharged)(f"{day} 23:30")
    return j


@settings(max_examples=150, deadline=None)
@given(st.lists(journeys(), min_size=1, max_size=6))
def test_identities_hold_for_any_journeys(js: list[Journey]) -> None:
    episodes = [
        EpisodeFacts(replace(j.profile, episode_id=f"e{i}"), j.facts) for i, j in enumerate(js)
    ]
    rule = PrimaryRule()
    by_la, by_provider = (
        dtoc(episodes, "2019-12", "la", rule),
        dtoc(episodes, "2019-12", "provider", rule),
    )
    e = by_la.england
    assert e.total == sum(e.by_agency.values()) == sum(e.by_care_type.values())
    assert e.total == sum(by_la.england.by_reason_agency.values())
    assert e.total + e.unrecorded == by_provider.england.total + by_provider.england.unrecorded
    assert sum(r.total for r in by_la.rows) == e.total == by_provider.england.total
    for reason, agency in e.by_reason_agency:
        assert (reason, agency) in PAIRS
    [england, *rows] = drd(episodes, "2019-12", "la", ["acute", "non_acute"])
    assert england["Total discharges"] == sum(r["Total discharges"] for r in rows)


@settings(max_examples=200, deadline=None)
@given(journeys())
def test_the_census_agrees_with_a_day_by_day_oracle(j: Journey) -> None:
    counted = {c.day for c in midnights(j.facts, FIRST, LAST)}
    oracle = set()
    day = FIRST
    while day <= LAST:
        state = state_at(j.facts, end_of_day(day) - timedelta(microseconds=1))
        if state.ready:
            oracle.add(day)
        day += timedelta(days=1)
    assert counted == oracle


@settings(max_examples=200, deadline=None)
@given(journeys())
def test_without_deterioration_the_delay_is_the_number_of_delayed_days(j: Journey) -> None:
    left = leaving(j.facts)
    if left is None or left.drd is None or any(f.kind == "not_ready" for f in j.facts):
        return
    days = [c for c in midnights(j.facts, date(2019, 10, 1), date(2020, 3, 31))]
    assert len(days) == left.delay_days
