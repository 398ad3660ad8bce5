"""An episode's census runs, expanded night by night, are exactly the midnights the
recomputation counts (`timeline.midnights`) with the primary reasons it would choose: for
facts in any order of recording, with deteriorations, several blockers in two vocabularies,
corrected and cancelled endings, withdrawn admissions and readmissions, and open delays."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from services.discharge.domain import timeline as t
from services.discharge.domain.census import Run, census_runs
from services.discharge.domain.primary_reason import PrimaryRule
from services.discharge.domain.timeline import Fact, midnights
from tests.discharge.unit.stories import Journey

FIRST, LAST = date(2019, 10, 15), date(2020, 2, 10)  # wider than any story below
RULES = [PrimaryRule(), PrimaryRule("earliest"), PrimaryRule.parse("precedence:G,Dii,E")]
START = datetime(2019, 10, 20, 8, tzinfo=UTC)
PLACE = {"site": "", "ward": "W", "care_type": "acute", "la_code": "E1", "la_name": "LA E1"}


@st.composite
def stories(draw: st.DrawFn) -> list[Fact]:
    """An admission, then steps at random times after it, recorded in random order (so many
    are backdated), around the BST end of 27 October and the month ends."""
    facts = [Fact(1, t.ADMITTED, START, PLACE)]
    for seq in range(2, draw(st.integers(1, 14)) + 2):
        at = START + timedelta(minutes=draw(st.integers(0, 60 * 24 * 100)))
        kind = draw(
            st.sampled_from(
                [t.READY, t.READY, t.NOT_READY, t.REASON_SET, t.REASON_SET, t.BLOCKER_OPENED]
                + [t.BLOCKER_CLOSED, t.ENDED, t.ENDING_CANCELLED, t.WITHDRAWN, t.READMITTED]
                + [t.MOVED]
            )
        )
        data: dict[str, object] = {}
        if kind == t.READY:
            data = {"pathway": draw(st.sampled_from([None, "P1", "P3"]))}
        elif kind in (t.REASON_SET, t.BLOCKER_OPENED, t.BLOCKER_CLOSED):
            vocabulary = draw(st.sampled_from(["dtoc", "dtoc", "pocd", "sitrep"]))
            data = {
                "blocker_id": f"b{draw(st.integers(1, 4))}",
                "vocabulary": vocabulary,
                "code": draw(st.sampled_from(["A", "G", "Dii", "E"])),
                "agency": draw(st.sampled_from(["NHS", "Social Care", None])),
            }
        elif kind == t.ENDED:
            data = {"kind": draw(st.sampled_from(["discharged", "died", "transferred"]))}
        elif kind == t.READMITTED:
            data = PLACE
        facts.append(Fact(seq, kind, at, data))
    return facts


def expanded(runs: list[Run], first: date, last: date) -> list[tuple[object, ...]]:
    out = []
    for run in runs:
        day = max(first, run.first)
        stop = last if run.last is None else min(last, run.last)
        while day <= stop:
            out.append((day, run.ready_since, run.reason, run.agency, run.pocd_reason))
            day += timedelta(days=1)
    return out


def recomputed(facts: list[Fact], rule: PrimaryRule) -> list[tuple[object, ...]]:
    out = []
    for census in midnights(facts, FIRST, LAST):
        dtoc = rule.choose(census.blockers, "dtoc")
        pocd = rule.choose(census.blockers, "pocd")
        out.append(
            (
                census.day,
                census.ready_since,
                dtoc.code if dtoc else None,
                dtoc.agency if dtoc else None,
                pocd.code if pocd else None,
            )
        )
    return out


@settings(max_examples=400, deadline=None)
@given(stories(), st.sampled_from(RULES))
def test_the_runs_are_the_recomputed_midnights_night_by_night(
    facts: list[Fact], rule: PrimaryRule
) -> None:
    runs = census_runs(facts, rule)
    assert expanded(runs, FIRST, LAST) == recomputed(facts, rule)
    for before, after in zip(runs, runs[1:], strict=False):
        assert before.last is not None and before.last < after.first  # disjoint, in order


@settings(max_examples=200, deadline=None)
@given(stories(), st.sampled_from(RULES), st.integers(0, 120), st.integers(0, 40))
def test_a_run_counts_its_overlap_with_any_period(
    facts: list[Fact], rule: PrimaryRule, offset: int, length: int
) -> None:
    first = FIRST + timedelta(days=offset)
    last = first + timedelta(days=length)
    runs = census_runs(facts, rule)
    assert sum(run.days(first, last) for run in runs) == len(list(midnights(facts, first, last)))


def test_a_delay_still_open_is_one_open_ended_run() -> None:
    j = Journey("2019-12-01 08:00").ready("2019-12-03 10:00").reason("2019-12-05 09:00", "E")
    [unrecorded, delayed] = census_runs(j.facts, PrimaryRule())
    assert (unrecorded.first, unrecorded.last, unrecorded.reason) == (
        date(2019, 12, 3), date(2019, 12, 4), None,
    )  # fmt: skip
    assert (delayed.first, delayed.last, delayed.reason) == (date(2019, 12, 5), None, "E")


def test_a_backdated_readiness_moves_the_first_night_and_keeps_one_run() -> None:
    j = Journey("2019-12-01 08:00").ready("2019-12-10 10:00").discharged("2019-12-20 10:00")
    j.ready("2019-12-04 09:00")  # recorded later, happened earlier
    [run] = census_runs(j.facts, PrimaryRule())
    assert (run.first, run.last) == (date(2019, 12, 4), date(2019, 12, 19))


def test_a_cancelled_ending_opens_the_run_again_and_a_withdrawn_stay_has_none() -> None:
    j = Journey("2019-12-01 08:00").ready("2019-12-03 10:00").discharged("2019-12-06 10:00")
    [run] = census_runs(j.facts, PrimaryRule())
    assert run.last == date(2019, 12, 5)
    j._add(t.ENDING_CANCELLED, "2019-12-06 10:00")
    [run] = census_runs(j.facts, PrimaryRule())
    assert run.last is None
    j._add(t.WITHDRAWN, "2019-12-06 11:00")
    assert census_runs(j.facts, PrimaryRule()) == []
