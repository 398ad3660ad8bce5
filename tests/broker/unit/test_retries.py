"""A command repeated because its answer was lost (the service was killed after saving,
before replying) records nothing the second time; a different command still gets its
refusal. One story per command the brokerage API takes."""

from __future__ import annotations

from datetime import date

import pytest

from services.broker.domain.errors import Conflict, WrongStage
from services.broker.domain.placement_request import PlacementRequest
from tests.broker.unit.test_placement_request import (
    FIRST,
    OAK,
    ROSE,
    accepted_offer,
    assessed,
    at,
    details,
    from_the_ward,
    names,
    offer,
    opened,
    refer,
)


def test_the_same_needs_again_record_nothing() -> None:
    r = from_the_ward()
    r.complete_details(**details())
    r.collect_events()
    r.complete_details(**details())
    assert names(r) == [] and r.stage == "seeking"
    r.complete_details(**details(urgency="routine"))  # a real correction still counts
    assert names(r) == ["PlacementDetailsCompleted"]


def test_the_same_referral_again_records_nothing_but_its_id_for_another_home_clashes() -> None:
    r = opened()
    refer(r, ROSE, "ref-1")
    r.collect_events()
    refer(r, ROSE, "ref-1")
    assert names(r) == []
    with pytest.raises(Conflict, match="already exists"):
        refer(r, OAK, "ref-1")


def test_the_same_answer_again_records_nothing_but_a_different_one_is_refused() -> None:
    r = opened()
    refer(r)
    r.answer_referral(referral_id="ref-1", accept=False, reason="fee", occurred_at=at(3))
    r.collect_events()
    r.answer_referral(referral_id="ref-1", accept=False, reason="fee", occurred_at=at(3))
    assert names(r) == []
    with pytest.raises(WrongStage, match="already answered"):
        r.answer_referral(referral_id="ref-1", accept=True, reason=None, occurred_at=at(3))


def test_the_same_assessment_booking_and_outcome_again_record_nothing() -> None:
    r = opened()
    refer(r)
    r.answer_referral(referral_id="ref-1", accept=True, reason=None, occurred_at=at(3))
    book = {"home_id": ROSE.home_id, "assessor": "home", "on": date(2024, 3, 5)}
    r.book_assessment(**book, occurred_at=at(4))
    r.collect_events()
    r.book_assessment(**book, occurred_at=at(4))
    assert names(r) == []
    r.complete_assessment(home_id=ROSE.home_id, can_meet_needs=True, occurred_at=at(24))
    r.collect_events()
    r.complete_assessment(home_id=ROSE.home_id, can_meet_needs=True, occurred_at=at(24))
    assert names(r) == []


def test_a_rebooked_assessment_on_another_day_still_counts() -> None:
    r = opened()
    refer(r)
    r.answer_referral(referral_id="ref-1", accept=True, reason=None, occurred_at=at(3))
    r.book_assessment(home_id=ROSE.home_id, assessor="home", on=date(2024, 3, 5), occurred_at=at(4))
    r.collect_events()
    r.book_assessment(home_id=ROSE.home_id, assessor="home", on=date(2024, 3, 6), occurred_at=at(5))
    assert names(r) == ["AssessmentBooked"]


def test_accepting_booking_and_admitting_again_record_nothing() -> None:
    r = opened()
    accepted_offer(r)
    r.collect_events()
    r.accept_offer(offer_id=FIRST, occurred_at=at(30))
    assert names(r) == []
    r.book_admission(offer_id=FIRST, on=date(2024, 3, 8), occurred_at=at(31))
    r.collect_events()
    r.book_admission(offer_id=FIRST, on=date(2024, 3, 8), occurred_at=at(31))
    assert names(r) == []
    r.admit(offer_id=FIRST, home_name="Rose Lodge", interim=False, occurred_at=at(96))
    r.collect_events()
    r.admit(offer_id=FIRST, home_name="Rose Lodge", interim=False, occurred_at=at(96))
    assert names(r) == [] and r.stage == "placed"


def test_an_interim_admission_again_records_nothing_and_stays_interim() -> None:
    r = opened(preferred_home_ids=[OAK.home_id])
    accepted_offer(r)
    r.admit(offer_id=FIRST, home_name="Rose Lodge", interim=True, occurred_at=at(40))
    r.collect_events()
    r.admit(offer_id=FIRST, home_name="Rose Lodge", interim=True, occurred_at=at(40))
    assert names(r) == [] and r.stage == "interim"
    with pytest.raises(WrongStage):
        r.admit(offer_id=FIRST, home_name="Rose Lodge", interim=False, occurred_at=at(41))


def test_declining_again_records_nothing_and_releases_no_second_bed() -> None:
    r = opened()
    assessed(r)
    offer(r)
    r.bed_held(offer_id=FIRST, occurred_at=at(26))
    r.decline_offer(offer_id=FIRST, reason="family_choice", occurred_at=at(27))
    r.collect_events()
    r.decline_offer(offer_id=FIRST, reason="family_choice", occurred_at=at(27))
    assert names(r) == [] and r.offers[FIRST].status == "declined"


def test_cancelling_again_for_the_same_reason_records_nothing() -> None:
    r: PlacementRequest = opened()
    r.cancel(reason="went_home", occurred_at=at(5))
    r.collect_events()
    r.cancel(reason="went_home", occurred_at=at(5))
    assert names(r) == []
    with pytest.raises(WrongStage, match="cancelled"):
        r.cancel(reason="died", occurred_at=at(6))
