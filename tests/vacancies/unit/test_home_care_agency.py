"""A home care agency's story: it registers for zones of its council, reports the hours it
can start in each zone by time band, says later that they are still correct, and a council
stops placing packages with it for its own people."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from events.platform.errors import Conflict, InvalidInput
from services.vacancies.domain.errors import StaleReport
from services.vacancies.domain.home_care_agency import HomeCareAgency, agency_id

T = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
SEFTON, LIVERPOOL = "E08000014", "E08000012"
ZONES = frozenset({"SEF-NORTH", "SEF-SOUTH", "SEF-FORMBY-MAGHULL"})


def agency_details(**overrides: Any) -> dict[str, Any]:
    details: dict[str, Any] = dict(
        cqc_location_id="1-300000001",
        name="Coastline Care",
        provider_id="PROV-1",
        council_code=SEFTON,
        zones=["SEF-NORTH", "SEF-SOUTH"],
        services=["reablement", "long_term"],
    )
    details.update(overrides)
    return details


def agency(**overrides: Any) -> HomeCareAgency:
    return HomeCareAgency.register(
        council_zones=ZONES, occurred_at=T - timedelta(days=1), **agency_details(**overrides)
    )


def report(a: HomeCareAgency, at: datetime = T, **overrides: Any) -> None:
    details: dict[str, Any] = dict(
        zone="SEF-NORTH",
        hours={"morning": 20, "bed": 7.5},
        available_from=date(2026, 11, 4),
        double_handed=True,
        reported_at=at,
        now=T + timedelta(days=1),
    )
    details.update(overrides)
    a.report_capacity(**details)


def names(a: HomeCareAgency) -> list[str]:
    return [type(e).__name__ for e in a.collect_events()]


def test_an_agency_registers_for_zones_of_its_council_with_the_services_it_gives() -> None:
    a = agency(zones=["SEF-SOUTH", "SEF-NORTH", "SEF-NORTH"], services=["long_term", "reablement"])
    assert a.id == agency_id(" 1-300000001 ")
    assert (a.zones, a.services) == (["SEF-NORTH", "SEF-SOUTH"], ["long_term", "reablement"])
    assert names(a) == ["Registered"]
    assert a.registered_as(agency(zones=["SEF-NORTH", "SEF-SOUTH"]))
    assert not a.registered_as(agency(name="Another name"))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"zones": []}, "zones"),
        ({"zones": ["SEF-NORTH", "WIRRAL-1"]}, "zones.1"),
        ({"services": []}, "services"),
        ({"services": ["respite"]}, "services.0"),
        ({"name": "  "}, "name"),
    ],
)
def test_a_registration_a_real_agency_cannot_have_is_refused(
    overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        agency(**overrides)
    assert refused.value.field == field


def test_capacity_is_reported_per_zone_by_time_band() -> None:
    a = agency()
    report(a)
    north = a.capacity["SEF-NORTH"]
    assert north.hours == {"morning": 20.0, "lunch": 0.0, "tea": 0.0, "bed": 7.5}
    assert (north.total, north.available_from, north.double_handed) == (
        27.5,
        date(2026, 11, 4),
        True,
    )
    assert a.free_hours("SEF-NORTH", "bed") == 7.5 and a.free_hours("SEF-SOUTH", "bed") == 0
    # a later report replaces the zone's figures whole; other zones keep theirs
    report(a, T + timedelta(hours=1), hours={"tea": 10}, double_handed=False)
    report(a, T + timedelta(hours=1), zone="SEF-SOUTH", hours={"lunch": 4})
    assert a.capacity["SEF-NORTH"].hours == {"morning": 0.0, "lunch": 0.0, "tea": 10.0, "bed": 0.0}
    assert a.capacity["SEF-SOUTH"].total == 4
    assert names(a) == ["Registered"] + ["CapacityReported"] * 3


def test_the_same_report_again_records_nothing_and_an_older_one_is_refused() -> None:
    a = agency()
    report(a)
    report(a)  # a retried command
    assert names(a) == ["Registered", "CapacityReported"]
    with pytest.raises(StaleReport):
        report(a, T - timedelta(hours=1))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"zone": "SEF-FORMBY-MAGHULL"}, "zone"),  # the council's, but not served
        ({"hours": {"night": 5}}, "hours.night"),
        ({"hours": {"morning": -1}}, "hours.morning"),
        ({"hours": {"morning": 2000.5}}, "hours.morning"),
        ({"hours": {"tea": float("nan")}}, "hours.tea"),
        ({"available_from": date(2026, 10, 1)}, "available_from"),
        ({"available_from": date(2027, 6, 1)}, "available_from"),
        ({"reported_at": T + timedelta(days=2)}, "reported_at"),
    ],
)
def test_a_report_a_real_agency_cannot_make_is_refused(
    overrides: dict[str, Any], field: str
) -> None:
    a = agency()
    with pytest.raises(InvalidInput) as refused:
        report(a, **overrides)
    assert refused.value.field == field


def test_still_correct_reports_the_same_figures_again_at_the_later_time() -> None:
    a = agency()
    with pytest.raises(Conflict, match="report it first"):
        a.confirm_capacity(confirmed_at=T)
    report(a, T - timedelta(days=3), available_from=date(2026, 10, 30))
    report(a, T - timedelta(days=1), zone="SEF-SOUTH", available_from=date(2026, 11, 10))
    a.collect_events()
    assert a.confirm_capacity(confirmed_at=T, now=T) == ["SEF-NORTH", "SEF-SOUTH"]
    north, south = a.capacity["SEF-NORTH"], a.capacity["SEF-SOUTH"]
    assert north.reported_at == south.reported_at == T
    assert north.hours["morning"] == 20 and north.age(T + timedelta(hours=2)) == timedelta(hours=2)
    # a start already gone is from today; a later start stands
    assert (north.available_from, south.available_from) == (date(2026, 11, 2), date(2026, 11, 10))
    assert names(a) == ["CapacityReported", "CapacityReported"]
    a.confirm_capacity(confirmed_at=T, now=T)  # again: nothing new
    assert names(a) == []
    with pytest.raises(InvalidInput) as refused:
        a.confirm_capacity(confirmed_at=T, zones=["SEF-FORMBY-MAGHULL"])
    assert refused.value.field == "zones.0"


def test_a_council_suspends_its_own_placements_and_others_still_place() -> None:
    a = agency()
    a.suspend_placements(
        reason="safeguarding", note="s42 enquiry", occurred_at=T, council_code=SEFTON
    )
    assert a.suspended_for(SEFTON) and not a.suspended_for(LIVERPOOL)
    with pytest.raises(Conflict, match="already suspended"):
        a.suspend_placements(reason="other", note="", occurred_at=T, council_code=SEFTON)
    with pytest.raises(Conflict, match="has not suspended"):
        a.resume_placements(note="", occurred_at=T, council_code=LIVERPOOL)
    a.suspend_placements(reason="escalating_concerns", note="", occurred_at=T)
    assert a.suspended_for(LIVERPOOL)
    a.resume_placements(note="lifted", occurred_at=T)
    assert not a.suspended_for(LIVERPOOL) and a.suspended_for(SEFTON)
    a.resume_placements(note="lifted", occurred_at=T, council_code=SEFTON)
    assert not a.suspended_for(SEFTON)
    with pytest.raises(InvalidInput):
        a.suspend_placements(reason="bored", note="", occurred_at=T)
    assert (
        names(a)[-4:] == ["PlacementsSuspended", "PlacementsSuspended"] + ["PlacementsResumed"] * 2
    )
