"""A home care package request's rules, one story each: no database, no HTTP, every time
passed in. Mr C is ready to leave Aintree on pathway 1 and needs calls at home in Southport."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from services.broker.domain.errors import Conflict, InvalidInput, WrongStage
from services.broker.domain.package_request import (
    AgencyStatus,
    PackageRequest,
    package_id_for_episode,
)
from services.broker.domain.package_round import hold_on_acceptance
from services.broker.domain.placement_request import request_id_for_episode

NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
EPISODE = uuid.UUID("5f0c3a52-8d1e-4f7b-9a63-2b7e1c4d9a10")
SEFTON = "E08000014"
ZONES = frozenset({"SEF-NORTH", "SEF-SOUTH", "SEF-FORMBY-MAGHULL"})


def agency(n: int, **overrides: Any) -> AgencyStatus:
    details: dict[str, Any] = {
        "agency_id": uuid.UUID(f"00000000-0000-4000-8000-00000000a00{n}"),
        "name": f"Agency {n}",
        "provider_id": f"P-{n}",
        "council_code": SEFTON,
        "taking_packages": True,
        "services": frozenset({"reablement", "long_term"}),
        "zones": frozenset({"SEF-NORTH"}),
    }
    return AgencyStatus(**details | overrides)


NORTH_CARE, SPOT_CARE = agency(1), agency(2, zones=frozenset({"SEF-SOUTH"}))


def at(hours: float) -> datetime:
    return NOW + timedelta(hours=hours)


def care(**overrides: Any) -> dict[str, Any]:
    """Three calls a day (morning, lunch, bed), 30 minutes each, reablement from Friday."""
    return {
        "calls_a_day": 3,
        "call_bands": ["bed", "morning", "lunch"],
        "minutes_a_call": 30,
        "double_handed": False,
        "service": "reablement",
        "start_on": date(2026, 3, 6),
        "zone": "SEF-NORTH",
    } | overrides


def from_the_ward() -> PackageRequest:
    return PackageRequest.open(
        request_id=package_id_for_episode(EPISODE),
        council_code=SEFTON,
        episode_id=EPISODE,
        location="hospital",
        urgency="urgent",
        occurred_at=NOW,
    )


def sourcing() -> PackageRequest:
    request = from_the_ward()
    request.record_needs(care=care(), council_zones=ZONES, urgency="urgent", occurred_at=at(1))
    return request


def offered_to_both() -> PackageRequest:
    request = sourcing()
    for n, a in (("o1", NORTH_CARE), ("o2", SPOT_CARE)):
        request.offer(offer_id=n, agency=a, answer_by=at(24), occurred_at=at(2))
    return request


def held() -> tuple[PackageRequest, uuid.UUID]:
    request = offered_to_both()
    request.answer_offer(offer_id="o1", accept=True, reason=None, occurred_at=at(3))
    hold_id = hold_on_acceptance(request.id, "o1")
    assert request.hours_held(hold_id=hold_id, occurred_at=at(3.1))
    return request, hold_id


def names(request: PackageRequest) -> list[str]:
    return [type(e).__name__ for e in request.collect_events()]


def test_one_request_per_episode_and_not_the_bed_requests_id() -> None:
    assert package_id_for_episode(EPISODE) == package_id_for_episode(EPISODE)
    assert package_id_for_episode(EPISODE) != request_id_for_episode(EPISODE)


def test_opened_from_the_ward_it_waits_for_the_care_needed_and_cannot_be_offered() -> None:
    request = from_the_ward()
    assert request.stage == "needs_details" and request.care is None
    with pytest.raises(WrongStage):
        request.offer(offer_id="o1", agency=NORTH_CARE, answer_by=at(24), occurred_at=at(1))


def test_the_care_needed_sets_the_hours_a_week_the_agency_must_hold() -> None:
    request = sourcing()
    assert request.stage == "sourcing"
    assert request.care is not None
    assert request.care.call_bands == ("morning", "lunch", "bed")  # in the day's order
    assert request.care.weekly_hours() == {"morning": 3.5, "lunch": 3.5, "bed": 3.5}


def test_double_handed_calls_need_twice_the_carer_hours() -> None:
    request = from_the_ward()
    two = care(double_handed=True, calls_a_day=1, call_bands=["morning"], minutes_a_call=45)
    request.record_needs(care=two, council_zones=ZONES, urgency="urgent", occurred_at=at(1))
    assert request.care is not None and request.care.weekly_hours() == {"morning": 10.5}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"calls_a_day": 5}, "calls_a_day"),
        ({"calls_a_day": 0}, "calls_a_day"),
        ({"calls_a_day": 2}, "call_bands"),  # three bands named for two calls
        ({"call_bands": ["morning", "morning", "bed"]}, "call_bands"),
        ({"call_bands": ["morning", "night", "bed"]}, "call_bands.1"),
        ({"minutes_a_call": 10}, "minutes_a_call"),
        ({"minutes_a_call": 121}, "minutes_a_call"),
        ({"service": "respite"}, "service"),
        ({"start_on": date(2026, 2, 1)}, "start_on"),
        ({"start_on": date(2026, 12, 1)}, "start_on"),
        ({"zone": "WIRRAL-1"}, "zone"),
    ],
)
def test_care_a_real_package_cannot_have_is_refused_naming_the_field(
    change: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        from_the_ward().record_needs(
            care=care(**change), council_zones=ZONES, urgency="urgent", occurred_at=at(1)
        )
    assert refused.value.field == field


def test_the_same_needs_again_record_nothing() -> None:
    request = sourcing()
    request.collect_events()
    request.record_needs(care=care(), council_zones=ZONES, urgency="urgent", occurred_at=at(2))
    assert names(request) == []


def test_offered_to_several_agencies_at_once_each_with_its_deadline() -> None:
    request = offered_to_both()
    assert {o: r.status for o, r in request.offers.items()} == {"o1": "sent", "o2": "sent"}
    with pytest.raises(Conflict):  # an agency with an open offer is not asked twice
        request.offer(offer_id="o3", agency=NORTH_CARE, answer_by=at(24), occurred_at=at(2))
    before = request.version
    request.offer(offer_id="o1", agency=NORTH_CARE, answer_by=at(24), occurred_at=at(2))
    assert request.version == before  # the same offer retried


@pytest.mark.parametrize(
    "who",
    [
        agency(3, taking_packages=False),
        agency(4, council_code="E08000012"),
        agency(5, services=frozenset({"long_term"})),
    ],
    ids=["suspended", "another council's market", "no reablement"],
)
def test_no_offer_to_an_agency_that_cannot_take_the_package(who: AgencyStatus) -> None:
    with pytest.raises(Conflict):
        sourcing().offer(offer_id="o9", agency=who, answer_by=at(24), occurred_at=at(2))


def test_an_agency_declines_with_one_of_the_packages_own_codes() -> None:
    request = offered_to_both()
    with pytest.raises(InvalidInput) as refused:
        request.answer_offer(offer_id="o2", accept=False, reason="full", occurred_at=at(3))
    assert "no_staff_for_time_band" in refused.value.message
    request.answer_offer(
        offer_id="o2", accept=False, reason="no_staff_for_time_band", occurred_at=at(3)
    )
    assert request.offers["o2"].decline_reason == "no_staff_for_time_band"
    assert request.stage == "sourcing"


def test_the_first_agency_to_accept_has_its_hours_asked_for_the_next_waits() -> None:
    request = offered_to_both()
    request.collect_events()
    request.answer_offer(offer_id="o1", accept=True, reason=None, occurred_at=at(3))
    assert names(request) == ["PackageOfferAccepted", "PackageHoursRequested"]
    assert request.stage == "hold_pending"
    request.answer_offer(offer_id="o2", accept=True, reason=None, occurred_at=at(4))
    assert names(request) == ["PackageOfferAccepted"]  # on record, for a fall-through
    assert len(request.holds) == 1


def test_an_unanswered_offer_is_escalated_once_and_a_late_answer_still_counts() -> None:
    request = offered_to_both()
    assert request.escalate_overdue(now=at(25)) == ["o1", "o2"]
    assert request.escalate_overdue(now=at(26)) == []
    request.answer_offer(offer_id="o1", accept=True, reason=None, occurred_at=at(27))
    assert request.stage == "hold_pending"


def test_held_hours_are_accepted_booked_and_started_which_closes_the_request() -> None:
    request, hold_id = held()
    assert request.stage == "offered"
    request.accept_package(hold_id=hold_id, occurred_at=at(5))
    request.book_start(hold_id=hold_id, on=date(2026, 3, 6), occurred_at=at(6))
    assert request.stage == "start_booked"
    request.start(hold_id=hold_id, agency_name="Agency 1", occurred_at=at(50))
    assert request.stage == "started" and request.closed
    request.collect_events()
    request.start(hold_id=hold_id, agency_name="Agency 1", occurred_at=at(50))
    assert names(request) == []  # a retried start


def test_a_package_cannot_start_before_the_person_accepts_it() -> None:
    request, hold_id = held()
    with pytest.raises(WrongStage, match="accept"):
        request.start(hold_id=hold_id, agency_name="Agency 1", occurred_at=at(5))


def test_refused_hours_send_the_request_back_to_sourcing() -> None:
    request = offered_to_both()
    request.answer_offer(offer_id="o1", accept=True, reason=None, occurred_at=at(3))
    hold_id = hold_on_acceptance(request.id, "o1")
    assert request.hours_refused(hold_id=hold_id, reason="no hours left", occurred_at=at(3.1))
    assert request.stage == "sourcing"
    # a late or repeated answer changes nothing
    assert not request.hours_held(hold_id=hold_id, occurred_at=at(3.2))


def test_a_fall_through_releases_the_hours_and_the_next_agency_that_accepted_is_asked() -> None:
    request, hold_id = held()
    request.answer_offer(offer_id="o2", accept=True, reason=None, occurred_at=at(4))
    request.accept_package(hold_id=hold_id, occurred_at=at(5))
    request.collect_events()
    request.fall_through(hold_id=hold_id, reason="staffing", occurred_at=at(6))
    assert names(request) == ["PackageFellThrough", "PackageHoursReleased"]
    assert request.stage == "sourcing" and request.holds[hold_id].status == "fell_through"
    second = uuid.uuid4()
    request.hold_hours(hold_id=second, agency=SPOT_CARE, occurred_at=at(7))
    assert (
        request.stage == "hold_pending" and request.holds[second].agency_id == SPOT_CARE.agency_id
    )


def test_hours_are_asked_only_of_an_agency_that_accepted_and_one_hold_at_a_time() -> None:
    request, _ = held()
    with pytest.raises(WrongStage):
        request.hold_hours(hold_id=uuid.uuid4(), agency=SPOT_CARE, occurred_at=at(4))
    request.answer_offer(offer_id="o2", accept=True, reason=None, occurred_at=at(4))
    with pytest.raises(Conflict):
        request.hold_hours(hold_id=uuid.uuid4(), agency=SPOT_CARE, occurred_at=at(4))


def test_the_person_declining_releases_the_hours_with_a_coded_reason() -> None:
    request, hold_id = held()
    with pytest.raises(InvalidInput):
        request.decline_package(hold_id=hold_id, reason="dunno", occurred_at=at(5))
    request.collect_events()
    request.decline_package(hold_id=hold_id, reason="call_times", occurred_at=at(5))
    assert names(request) == ["PackageDeclined", "PackageHoursReleased"]
    assert request.stage == "sourcing"


def test_needs_cannot_change_under_held_hours() -> None:
    request, _ = held()
    with pytest.raises(Conflict):
        request.record_needs(
            care=care(minutes_a_call=45), council_zones=ZONES, urgency="urgent", occurred_at=at(5)
        )


def test_cancelling_releases_the_hours_still_held_or_asked_for() -> None:
    request = offered_to_both()
    request.answer_offer(offer_id="o1", accept=True, reason=None, occurred_at=at(3))
    request.collect_events()
    request.cancel(reason="died", occurred_at=at(4))
    assert names(request) == ["PackageCancelled", "PackageHoursReleased"]
    assert request.closed and request.stage == "cancelled"
    request.cancel(reason="died", occurred_at=at(4))
    assert names(request) == []


def test_hours_held_for_a_package_not_started_days_after_it_was_due_lapse() -> None:
    request, hold_id = held()  # care due to start Friday 6 March
    request.collect_events()

    def lapse(today: date) -> uuid.UUID | None:
        return request.lapse_if_not_started(today=today, grace_days=2, occurred_at=at(100))

    assert lapse(date(2026, 3, 8)) is None  # Sunday: still within the two days' grace
    assert names(request) == []
    assert lapse(date(2026, 3, 9)) == hold_id
    assert names(request) == ["PackageFellThrough", "PackageHoursReleased"]
    assert request.stage == "sourcing" and request.holds[hold_id].status == "fell_through"
    assert lapse(date(2026, 3, 20)) is None  # nothing held any more: a repeated sweep


def test_a_first_call_booked_later_than_the_start_date_keeps_the_hours_until_then() -> None:
    request, hold_id = held()
    request.accept_package(hold_id=hold_id, occurred_at=at(5))
    request.book_start(hold_id=hold_id, on=date(2026, 3, 12), occurred_at=at(6))
    assert (
        request.lapse_if_not_started(today=date(2026, 3, 14), grace_days=2, occurred_at=at(200))
        is None
    )
    assert (
        request.lapse_if_not_started(today=date(2026, 3, 15), grace_days=2, occurred_at=at(220))
        == hold_id
    )
    assert request.stage == "sourcing"


def test_hours_still_asked_for_or_a_closed_request_never_lapse() -> None:
    request = offered_to_both()
    request.answer_offer(offer_id="o1", accept=True, reason=None, occurred_at=at(3))
    assert request.stage == "hold_pending"  # the agency's service has not answered yet
    late = date(2026, 4, 30)
    assert request.lapse_if_not_started(today=late, grace_days=2, occurred_at=at(9)) is None
    started, hold_id = held()
    started.accept_package(hold_id=hold_id, occurred_at=at(5))
    started.start(hold_id=hold_id, agency_name="Agency 1", occurred_at=at(50))
    assert started.lapse_if_not_started(today=late, grace_days=2, occurred_at=at(9)) is None


def test_cancelled_for_another_pathway_it_opens_again_sourcing_afresh() -> None:
    request, hold_id = held()
    request.cancel(reason="went_to_a_bed", occurred_at=at(5))
    assert request.holds[hold_id].status == "withdrawn"
    request.collect_events()
    request.reopen(reason="pathway_changed", occurred_at=at(9))
    assert names(request) == ["PackageReopened"]
    assert request.stage == "sourcing" and not request.closed and request.live_hold() is None
    request.reopen(reason="pathway_changed", occurred_at=at(10))
    assert names(request) == []  # open already: a retried command
    waiting = from_the_ward()
    waiting.cancel(reason="no_longer_needed", occurred_at=at(1))
    waiting.reopen(reason="pathway_changed", occurred_at=at(2))
    assert waiting.stage == "needs_details"  # its care was never recorded


def test_a_package_cancelled_for_any_other_reason_stays_cancelled() -> None:
    request = sourcing()
    request.cancel(reason="moved_away", occurred_at=at(2))
    request.collect_events()
    assert request.reopen(reason="pathway_changed", occurred_at=at(3)) is False
    assert names(request) == [] and request.stage == "cancelled"
