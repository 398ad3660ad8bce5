"""An agency holding hours for the broker's package requests: it holds what its last report
in the zone, less what it already holds, can cover; two requests racing for the last hours
get one winner; released hours are free again; a started package's hours are its work."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest

from services.vacancies.domain.agency_hours import NoHoursAvailable
from services.vacancies.domain.errors import Conflict, NotTakingPlacements, UnknownReservation
from services.vacancies.domain.home_care_agency import HomeCareAgency
from tests.vacancies.unit.test_home_care_agency import SEFTON, T, agency, names, report


def reported() -> HomeCareAgency:
    """Coastline Care can start 20 morning hours and 7.5 bed hours a week in the north."""
    a = agency()
    report(a)
    a.collect_events()
    return a


def ask(a: HomeCareAgency, hold_id: uuid.UUID, **overrides: Any) -> None:
    details: dict[str, Any] = dict(
        hold_id=hold_id,
        reference="request-1",
        council_code=SEFTON,
        zone="SEF-NORTH",
        hours={"morning": 3.5, "bed": 3.5},
        start_on=date(2026, 11, 6),
        double_handed=False,
        service="reablement",
        now=T + timedelta(hours=1),
    )
    a.hold_hours(**details | overrides)


FIRST, SECOND = uuid.uuid4(), uuid.uuid4()


def test_held_hours_are_no_longer_free_and_a_repeat_holds_nothing_more() -> None:
    a = reported()
    ask(a, FIRST)
    ask(a, FIRST)  # redelivered
    assert names(a) == ["HoursHeld"]
    assert a.free_hours("SEF-NORTH", "bed") == 4.0 and a.free_hours("SEF-NORTH", "morning") == 16.5


def test_two_requests_for_the_last_hours_get_one_winner() -> None:
    a = reported()
    ask(a, FIRST, hours={"bed": 5.0})
    with pytest.raises(NoHoursAvailable, match="only 2.5 hours a week free in the bed band"):
        ask(a, SECOND, hours={"bed": 5.0})
    assert a.held_hours("SEF-NORTH", "bed") == 5.0


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ({"zone": "SEF-SOUTH"}, NoHoursAvailable),  # served, but no capacity reported there
        ({"zone": "SEF-FORMBY-MAGHULL"}, Conflict),  # not served
        ({"hours": {"lunch": 1.0}}, NoHoursAvailable),
        ({"start_on": date(2026, 11, 3)}, NoHoursAvailable),  # before it can start
    ],
)
def test_hours_the_agency_cannot_cover_are_refused(change: dict[str, Any], refusal: type) -> None:
    with pytest.raises(refusal):
        ask(reported(), FIRST, **change)


def test_no_hours_for_a_council_that_suspended_its_packages_here() -> None:
    a = reported()
    a.suspend_placements(reason="safeguarding", note="", occurred_at=T, council_code=SEFTON)
    with pytest.raises(NotTakingPlacements):
        ask(a, FIRST)


def test_no_double_handed_calls_where_the_agency_cannot_staff_them() -> None:
    a = agency()
    report(a, double_handed=False)
    with pytest.raises(Conflict, match="double-handed"):
        ask(a, FIRST, double_handed=True)


def test_released_hours_are_free_again_and_a_release_before_the_request_refuses_it() -> None:
    a = reported()
    ask(a, FIRST, hours={"bed": 7.5})
    a.release_hours(hold_id=FIRST, reason="fell through: staffing", now=T + timedelta(hours=2))
    a.release_hours(hold_id=FIRST, reason="again", now=T + timedelta(hours=2))
    assert a.free_hours("SEF-NORTH", "bed") == 7.5
    a.release_hours(hold_id=SECOND, reason="request cancelled: died", now=T)
    with pytest.raises(UnknownReservation, match="released before"):
        ask(a, SECOND)
    a.refuse_hours(hold_id=SECOND, reference="r", council_code=SEFTON, reason="released", now=T)
    a.collect_events()
    a.refuse_hours(hold_id=SECOND, reference="r", council_code=SEFTON, reason="released", now=T)
    assert names(a) == []


def test_a_started_package_takes_its_hours_out_of_the_agencys_capacity() -> None:
    a = reported()
    ask(a, FIRST)
    a.take_up_hours(hold_id=FIRST, now=T + timedelta(days=2))
    a.take_up_hours(hold_id=FIRST, now=T + timedelta(days=2))
    assert names(a) == ["HoursHeld", "HoursTakenUp"]
    assert a.capacity["SEF-NORTH"].hours["bed"] == 4.0 and a.held_hours("SEF-NORTH", "bed") == 0
    with pytest.raises(UnknownReservation):
        a.take_up_hours(hold_id=SECOND, now=T)
