"""A placement request's rules, one story each: no database, no HTTP, every time passed in."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from services.broker.domain.errors import Conflict, InvalidInput, NotFound, WrongStage
from services.broker.domain.placement_request import (
    HomeStatus,
    PlacementRequest,
    request_id_for_episode,
)

NOW = datetime(2024, 3, 4, 9, 0)
EPISODE = uuid.UUID("5f0c3a52-8d1e-4f7b-9a63-2b7e1c4d9a10")
ROSE = HomeStatus(
    uuid.UUID("00000000-0000-4000-8000-00000000a001"),
    "Rose Lodge",
    True,
    frozenset({"nursing-dementia", "residential-older_people"}),
)
OAK = HomeStatus(
    uuid.UUID("00000000-0000-4000-8000-00000000a002"),
    "Oak House",
    True,
    frozenset({"nursing-dementia"}),
)
FIRST = uuid.UUID("00000000-0000-4000-8000-0000000f0001")
SECOND = uuid.UUID("00000000-0000-4000-8000-0000000f0002")


def at(hours: float) -> datetime:
    return NOW + timedelta(hours=hours)


def opened(**overrides: Any) -> PlacementRequest:
    """Mrs B, ready to leave Aintree, needs a nursing bed for dementia, council funded."""
    details: dict[str, Any] = {
        "request_id": request_id_for_episode(EPISODE),
        "council_code": "E08000014",
        "episode_id": EPISODE,
        "location": "hospital",
        "registration": "nursing",
        "care_category": "dementia",
        "specialisms": [],
        "preferred_localities": ["Bootle"],
        "preferred_home_ids": [],
        "funding": "council",
        "urgency": "urgent",
        "occurred_at": NOW,
    }
    details.update(overrides)
    return PlacementRequest.open(**details)


def from_the_ward() -> PlacementRequest:
    """Opened automatically when the episode became ready: nobody has assessed needs yet."""
    return opened(registration="", care_category=None, funding=None, urgency="routine")


def details(**overrides: Any) -> dict[str, Any]:
    d: dict[str, Any] = {
        "registration": "nursing",
        "care_category": "dementia",
        "specialisms": ["dementia_nursing"],
        "preferred_localities": ["Bootle"],
        "preferred_home_ids": [],
        "funding": "council",
        "urgency": "urgent",
        "occurred_at": at(1),
    }
    d.update(overrides)
    return d


def names(r: PlacementRequest) -> list[str]:
    """The events the last commands recorded (and forget them)."""
    return [type(e).__name__ for e in r.collect_events()]


def recorded(r: PlacementRequest) -> list[Any]:
    return list(r.collect_events())


def refer(r: PlacementRequest, home: HomeStatus = ROSE, rid: str = "ref-1") -> None:
    r.refer(referral_id=rid, home=home, answer_by=at(48), occurred_at=at(2))


def assessed(r: PlacementRequest, home: HomeStatus = ROSE, *, can_meet: bool = True) -> None:
    """Referred, accepted and assessed by the home."""
    rid = f"ref-{home.name}"
    refer(r, home, rid)
    r.answer_referral(referral_id=rid, accept=True, reason=None, occurred_at=at(3))
    r.book_assessment(home_id=home.home_id, assessor="home", on=date(2024, 3, 5), occurred_at=at(4))
    r.complete_assessment(home_id=home.home_id, can_meet_needs=can_meet, occurred_at=at(24))


def offer(r: PlacementRequest, home: HomeStatus = ROSE, offer_id: uuid.UUID = FIRST) -> None:
    r.offer_bed(
        offer_id=offer_id,
        home=home,
        weekly_fee=1250.0,
        top_up=0.0,
        hold_hours=72,
        occurred_at=at(25),
    )


def accepted_offer(
    r: PlacementRequest, home: HomeStatus = ROSE, offer_id: uuid.UUID = FIRST
) -> None:
    """Assessed, offered, held by the home and accepted by the family."""
    assessed(r, home)
    offer(r, home, offer_id)
    assert r.bed_held(offer_id=offer_id, occurred_at=at(26))
    r.accept_offer(offer_id=offer_id, occurred_at=at(30))


# -- opening -------------------------------------------------------------------------------


def test_a_request_with_its_needs_known_opens_seeking() -> None:
    r = opened()
    assert r.stage == "seeking"
    assert r.id == request_id_for_episode(EPISODE)
    assert r.bed_type == "nursing-dementia"
    assert names(r) == ["PlacementRequested"]


def test_one_request_per_hospital_episode() -> None:
    assert request_id_for_episode(EPISODE) == request_id_for_episode(EPISODE)
    assert request_id_for_episode(EPISODE) != request_id_for_episode(uuid.uuid4())


def test_a_request_from_the_ward_waits_for_its_needs_before_any_referral() -> None:
    r = from_the_ward()
    assert r.stage == "needs_details"
    with pytest.raises(WrongStage, match="complete the assessed needs"):
        refer(r)
    r.complete_details(**details())
    assert r.stage == "seeking"
    assert r.specialisms == ["dementia_nursing"]
    refer(r)
    assert names(r) == ["PlacementRequested", "PlacementDetailsCompleted", "ReferralSent"]


def test_correcting_the_details_later_keeps_the_request_where_it_is() -> None:
    r = opened()
    accepted_offer(r)
    r.complete_details(**details(urgency="immediate"))
    assert r.stage == "accepted" and r.urgency == "immediate"


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("council_code", {"council_code": "  "}),
        ("registration", {"registration": "hotel"}),
        ("care_category", {"care_category": "elderly"}),
        ("specialisms.1", {"specialisms": ["bariatric", "hydrotherapy"]}),
        ("location", {"location": "at_home"}),
        ("funding", {"funding": "private"}),
        ("urgency", {"urgency": "asap"}),
    ],
)
def test_a_word_outside_the_vocabulary_is_invalid_input_naming_the_field(
    field: str, overrides: dict[str, Any]
) -> None:
    with pytest.raises(InvalidInput) as refused:
        opened(**overrides)
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("registration", {"registration": "hotel"}),
        ("care_category", {"care_category": "elderly"}),
        ("specialisms.0", {"specialisms": ["hydrotherapy"]}),
        ("funding", {"funding": "private"}),
        ("urgency", {"urgency": "asap"}),
    ],
)
def test_completing_the_details_checks_the_same_words(
    field: str, overrides: dict[str, Any]
) -> None:
    r = from_the_ward()
    r.collect_events()
    with pytest.raises(InvalidInput) as refused:
        r.complete_details(**details(**overrides))
    assert refused.value.field == field
    assert r.stage == "needs_details" and names(r) == []


# -- referrals -----------------------------------------------------------------------------


def test_no_referral_to_a_suspended_or_closing_home() -> None:
    r = opened()
    r.collect_events()
    suspended = HomeStatus(ROSE.home_id, ROSE.name, False, ROSE.bed_types)
    with pytest.raises(Conflict, match="not taking new placements") as refused:
        refer(r, suspended)
    assert refused.type is Conflict
    assert r.referrals == {} and names(r) == []


def test_no_referral_to_a_home_without_the_bed_type() -> None:
    r = opened(registration="residential", care_category="mental_health")
    r.collect_events()
    with pytest.raises(Conflict, match="does not offer residential-mental_health beds"):
        refer(r, ROSE)
    assert names(r) == []


def test_no_second_open_referral_to_the_same_home() -> None:
    r = opened()
    refer(r, ROSE, "ref-1")
    with pytest.raises(Conflict, match="already has an open referral"):
        refer(r, ROSE, "ref-2")
    r.answer_referral(referral_id="ref-1", accept=True, reason=None, occurred_at=at(3))
    with pytest.raises(Conflict, match="already has an open referral"):
        refer(r, ROSE, "ref-2")
    refer(r, OAK, "ref-2")  # another home is fine
    assert [x.home_id for x in r.referrals.values()] == [ROSE.home_id, OAK.home_id]


def test_an_escalated_referral_is_still_open_so_the_home_is_not_referred_twice() -> None:
    r = opened()
    refer(r, ROSE, "ref-1")
    assert r.escalate_overdue(now=at(48)) == ["ref-1"]
    with pytest.raises(Conflict, match="already has an open referral"):
        refer(r, ROSE, "ref-2")


def test_after_a_home_declines_it_may_be_referred_again() -> None:
    r = opened()
    refer(r, ROSE, "ref-1")
    r.answer_referral(referral_id="ref-1", accept=False, reason="staffing", occurred_at=at(3))
    refer(r, ROSE, "ref-2")
    assert r.referrals["ref-2"].status == "sent"


def test_the_same_referral_id_twice_is_a_conflict() -> None:
    r = opened()
    refer(r, ROSE, "ref-1")
    with pytest.raises(Conflict, match="already exists"):
        refer(r, OAK, "ref-1")


def test_the_answer_deadline_must_come_after_the_referral() -> None:
    r = opened()
    with pytest.raises(InvalidInput) as refused:
        r.refer(referral_id="ref-1", home=ROSE, answer_by=at(2), occurred_at=at(2))
    assert refused.value.field == "answer_by"


def test_a_home_accepts_a_referral_to_assess() -> None:
    r = opened()
    refer(r)
    r.collect_events()
    r.answer_referral(referral_id="ref-1", accept=True, reason=None, occurred_at=at(3))
    [accepted] = recorded(r)
    assert type(accepted).__name__ == "ReferralAccepted"
    assert accepted.referral_id == "ref-1" and accepted.home_id == ROSE.home_id
    assert r.referrals["ref-1"].status == "accepted"
    assert r.referrals["ref-1"].answered_at == at(3)


def test_a_home_declines_with_a_coded_reason() -> None:
    r = opened()
    refer(r)
    r.collect_events()
    r.answer_referral(
        referral_id="ref-1", accept=False, reason="cannot_meet_needs", occurred_at=at(3)
    )
    [declined] = recorded(r)
    assert type(declined).__name__ == "ReferralDeclined"
    assert declined.reason == "cannot_meet_needs" and declined.home_id == ROSE.home_id
    assert r.referrals["ref-1"].decline_reason == "cannot_meet_needs"


@pytest.mark.parametrize("reason", [None, "", "we are full"])
def test_a_decline_without_a_coded_reason_is_invalid_input(reason: str | None) -> None:
    r = opened()
    refer(r)
    with pytest.raises(InvalidInput) as refused:
        r.answer_referral(referral_id="ref-1", accept=False, reason=reason, occurred_at=at(3))
    assert refused.value.field == "reason"
    assert r.referrals["ref-1"].status == "sent"


def test_a_referral_is_answered_once() -> None:
    r = opened()
    refer(r)
    r.answer_referral(referral_id="ref-1", accept=True, reason=None, occurred_at=at(3))
    with pytest.raises(WrongStage, match="already answered"):
        r.answer_referral(referral_id="ref-1", accept=False, reason="fee", occurred_at=at(4))


def test_an_answer_to_an_unknown_referral_is_not_found() -> None:
    r = opened()
    with pytest.raises(NotFound):
        r.answer_referral(referral_id="nope", accept=True, reason=None, occurred_at=at(3))


def test_only_overdue_unanswered_referrals_are_escalated() -> None:
    r = opened()
    homes = [HomeStatus(uuid.uuid4(), f"Home {i}", True, ROSE.bed_types) for i in range(3)]
    r.refer(referral_id="answered", home=homes[0], answer_by=at(24), occurred_at=at(1))
    r.refer(referral_id="overdue", home=homes[1], answer_by=at(24), occurred_at=at(1))
    r.refer(referral_id="not-due", home=homes[2], answer_by=at(72), occurred_at=at(1))
    r.answer_referral(referral_id="answered", accept=True, reason=None, occurred_at=at(2))
    r.collect_events()
    assert r.escalate_overdue(now=at(23)) == []
    assert r.escalate_overdue(now=at(24)) == ["overdue"]
    [escalated] = recorded(r)
    assert type(escalated).__name__ == "ReferralEscalated"
    assert escalated.referral_id == "overdue" and escalated.home_id == homes[1].home_id
    assert r.escalate_overdue(now=at(25)) == []  # escalated once, not again
    assert names(r) == []
    assert {k: v.status for k, v in r.referrals.items()} == {
        "answered": "accepted",
        "overdue": "escalated",
        "not-due": "sent",
    }


def test_a_late_answer_after_escalation_still_counts() -> None:
    r = opened()
    refer(r)
    r.escalate_overdue(now=at(49))
    r.answer_referral(referral_id="ref-1", accept=True, reason=None, occurred_at=at(50))
    assert r.referrals["ref-1"].status == "accepted"
    r.complete_assessment(home_id=ROSE.home_id, can_meet_needs=True, occurred_at=at(51))
    offer(r)
    assert r.stage == "offer_pending"


def test_a_late_decline_after_escalation_still_counts() -> None:
    r = opened()
    refer(r)
    r.escalate_overdue(now=at(49))
    r.answer_referral(referral_id="ref-1", accept=False, reason="fee", occurred_at=at(50))
    assert r.referrals["ref-1"].status == "declined"


# -- assessment and offers -----------------------------------------------------------------


def test_no_assessment_without_an_accepted_referral() -> None:
    r = opened()
    refer(r)
    with pytest.raises(WrongStage, match="has not accepted"):
        r.book_assessment(
            home_id=ROSE.home_id, assessor="home", on=date(2024, 3, 5), occurred_at=at(3)
        )
    with pytest.raises(WrongStage, match="has not accepted"):
        r.complete_assessment(home_id=ROSE.home_id, can_meet_needs=True, occurred_at=at(3))


def test_an_unknown_assessor_is_invalid_input() -> None:
    r = opened()
    refer(r)
    r.answer_referral(referral_id="ref-1", accept=True, reason=None, occurred_at=at(3))
    with pytest.raises(InvalidInput) as refused:
        r.book_assessment(
            home_id=ROSE.home_id, assessor="gp", on=date(2024, 3, 5), occurred_at=at(4)
        )
    assert refused.value.field == "assessor"


def test_no_offer_before_the_home_has_accepted_and_assessed() -> None:
    r = opened()
    with pytest.raises(WrongStage):
        offer(r)  # never referred
    refer(r)
    with pytest.raises(WrongStage):
        offer(r)  # referred, not answered
    r.answer_referral(referral_id="ref-1", accept=True, reason=None, occurred_at=at(3))
    with pytest.raises(WrongStage, match="assessment must be completed"):
        offer(r)  # accepted, not assessed
    r.book_assessment(
        home_id=ROSE.home_id, assessor="trusted_assessor", on=date(2024, 3, 5), occurred_at=at(4)
    )
    with pytest.raises(WrongStage, match="assessment must be completed"):
        offer(r)  # assessment booked, not done
    assert r.offers == {} and r.stage == "seeking"


def test_no_offer_when_the_assessment_found_the_home_cannot_meet_needs() -> None:
    r = opened()
    assessed(r, can_meet=False)
    with pytest.raises(WrongStage, match="able to meet needs"):
        offer(r)
    assert r.offers == {}


def test_no_offer_from_a_home_declined_at_referral() -> None:
    r = opened()
    refer(r)
    r.answer_referral(referral_id="ref-1", accept=False, reason="fee", occurred_at=at(3))
    with pytest.raises(WrongStage):
        offer(r)


def test_an_offer_asks_the_home_to_hold_a_bed() -> None:
    r = opened()
    assessed(r)
    r.collect_events()
    offer(r)
    [requested] = recorded(r)
    assert type(requested).__name__ == "BedReservationRequested"
    assert requested.offer_id == FIRST and requested.home_id == ROSE.home_id
    assert requested.bed_type == "nursing-dementia" and requested.council_code == "E08000014"
    assert requested.hold_hours == 72 and requested.weekly_fee == 1250.0
    assert r.stage == "offer_pending"


def test_no_offer_from_a_home_that_stopped_taking_placements() -> None:
    r = opened()
    assessed(r)
    closing = HomeStatus(ROSE.home_id, ROSE.name, False, ROSE.bed_types)
    with pytest.raises(Conflict, match="not taking new placements"):
        offer(r, closing)
    assert r.offers == {}


@pytest.mark.parametrize(("fee", "top_up"), [(0.0, 0.0), (-10.0, 0.0), (900.0, -1.0)])
def test_an_offer_needs_a_positive_fee_and_no_negative_top_up(fee: float, top_up: float) -> None:
    r = opened()
    assessed(r)
    with pytest.raises(InvalidInput) as refused:
        r.offer_bed(
            offer_id=FIRST,
            home=ROSE,
            weekly_fee=fee,
            top_up=top_up,
            hold_hours=72,
            occurred_at=at(25),
        )
    assert refused.value.field == "weekly_fee"


def test_one_live_offer_at_a_time() -> None:
    r = opened()
    assessed(r, ROSE)
    assessed(r, OAK)
    offer(r, ROSE, FIRST)
    r.collect_events()
    with pytest.raises(Conflict, match="another offer is still open") as refused:
        offer(r, OAK, SECOND)
    assert refused.type is Conflict
    for step in (
        lambda: r.bed_held(offer_id=FIRST, occurred_at=at(26)),
        lambda: r.accept_offer(offer_id=FIRST, occurred_at=at(27)),
        lambda: r.book_admission(offer_id=FIRST, on=date(2024, 3, 8), occurred_at=at(28)),
    ):
        step()
        with pytest.raises(Conflict, match="another offer is still open"):
            offer(r, OAK, SECOND)
    assert list(r.offers) == [FIRST]


def test_the_same_offer_sent_again_is_a_retry_and_records_nothing() -> None:
    r = opened()
    assessed(r)
    offer(r)
    r.collect_events()
    offer(r)
    assert names(r) == [] and list(r.offers) == [FIRST]


def test_a_held_bed_confirms_the_offer_once() -> None:
    r = opened()
    assessed(r)
    offer(r)
    r.collect_events()
    assert r.bed_held(offer_id=FIRST, occurred_at=at(26)) is True
    [confirmed] = recorded(r)
    assert type(confirmed).__name__ == "OfferConfirmed"
    assert confirmed.offer_id == FIRST and confirmed.home_id == ROSE.home_id
    assert r.stage == "offered" and r.offers[FIRST].status == "confirmed"
    assert r.bed_held(offer_id=FIRST, occurred_at=at(27)) is False
    assert r.bed_refused(offer_id=FIRST, reason="too late", occurred_at=at(27)) is False
    assert r.bed_held(offer_id=SECOND, occurred_at=at(27)) is False  # never offered
    assert names(r) == [] and r.stage == "offered"


def test_a_late_hold_after_the_family_declined_changes_nothing() -> None:
    r = opened()
    assessed(r)
    offer(r)
    r.bed_held(offer_id=FIRST, occurred_at=at(26))
    r.decline_offer(offer_id=FIRST, reason="location", occurred_at=at(27))
    r.collect_events()
    assert r.bed_held(offer_id=FIRST, occurred_at=at(28)) is False
    assert r.bed_refused(offer_id=FIRST, reason="no bed", occurred_at=at(28)) is False
    assert names(r) == []
    assert r.offers[FIRST].status == "declined" and r.stage == "seeking"


def test_a_late_hold_after_the_request_was_cancelled_changes_nothing() -> None:
    r = opened()
    assessed(r)
    offer(r)
    r.cancel(reason="went_home", occurred_at=at(26))
    r.collect_events()
    assert r.bed_held(offer_id=FIRST, occurred_at=at(27)) is False
    assert r.bed_refused(offer_id=FIRST, reason="no bed", occurred_at=at(27)) is False
    assert names(r) == []
    assert r.offers[FIRST].status == "withdrawn" and r.stage == "cancelled"


def test_a_refused_bed_fails_the_offer_and_the_search_goes_on() -> None:
    r = opened()
    assessed(r, ROSE)
    assessed(r, OAK)
    offer(r, ROSE, FIRST)
    r.collect_events()
    assert r.bed_refused(offer_id=FIRST, reason="bed taken", occurred_at=at(26)) is True
    [failed] = recorded(r)
    assert type(failed).__name__ == "OfferFailed"
    assert failed.offer_id == FIRST and failed.home_id == ROSE.home_id
    assert failed.reason == "bed taken"
    assert r.stage == "seeking" and r.live_offer() is None
    assert r.bed_held(offer_id=FIRST, occurred_at=at(27)) is False  # a late hold is ignored
    offer(r, OAK, SECOND)
    assert r.stage == "offer_pending" and r.live_offer() == (SECOND, r.offers[SECOND])


def test_a_refused_bed_cannot_be_accepted() -> None:
    r = opened()
    assessed(r)
    offer(r)
    r.bed_refused(offer_id=FIRST, reason="bed taken", occurred_at=at(26))
    with pytest.raises(WrongStage, match="failed"):
        r.accept_offer(offer_id=FIRST, occurred_at=at(27))


def test_an_offer_is_accepted_only_once_the_bed_is_held() -> None:
    r = opened()
    assessed(r)
    offer(r)
    with pytest.raises(WrongStage, match="requested, not confirmed"):
        r.accept_offer(offer_id=FIRST, occurred_at=at(26))
    with pytest.raises(WrongStage):
        r.decline_offer(offer_id=FIRST, reason="location", occurred_at=at(26))
    with pytest.raises(NotFound):
        r.accept_offer(offer_id=SECOND, occurred_at=at(26))


def test_declining_releases_the_bed_and_the_search_goes_on() -> None:
    r = opened()
    assessed(r, ROSE)
    assessed(r, OAK)
    offer(r, ROSE, FIRST)
    r.bed_held(offer_id=FIRST, occurred_at=at(26))
    r.accept_offer(offer_id=FIRST, occurred_at=at(27))  # then the family changed its mind
    r.collect_events()
    r.decline_offer(offer_id=FIRST, reason="family_choice", occurred_at=at(28))
    [declined] = recorded(r)
    assert type(declined).__name__ == "OfferDeclined"
    assert declined.offer_id == FIRST and declined.home_id == ROSE.home_id
    assert declined.reason == "family_choice"
    assert r.stage == "seeking" and r.live_offer() is None
    offer(r, OAK, SECOND)
    assert r.stage == "offer_pending"


def test_a_decline_needs_a_coded_reason() -> None:
    r = opened()
    assessed(r)
    offer(r)
    r.bed_held(offer_id=FIRST, occurred_at=at(26))
    with pytest.raises(InvalidInput) as refused:
        r.decline_offer(offer_id=FIRST, reason="too far", occurred_at=at(27))
    assert refused.value.field == "reason"
    assert r.offers[FIRST].status == "confirmed"


# -- admission -----------------------------------------------------------------------------


def test_admission_needs_an_accepted_offer() -> None:
    r = opened()
    assessed(r)
    offer(r)
    with pytest.raises(WrongStage):
        r.admit(offer_id=FIRST, home_name="Rose Lodge", interim=False, occurred_at=at(26))
    r.bed_held(offer_id=FIRST, occurred_at=at(26))
    with pytest.raises(WrongStage, match="accept it before the admission"):
        r.admit(offer_id=FIRST, home_name="Rose Lodge", interim=False, occurred_at=at(27))
    with pytest.raises(WrongStage, match="not accepted"):
        r.book_admission(offer_id=FIRST, on=date(2024, 3, 8), occurred_at=at(27))
    assert r.stage == "offered"


def test_an_accepted_offer_is_booked_then_admitted_and_the_request_closes() -> None:
    r = opened()
    accepted_offer(r)
    r.collect_events()
    r.book_admission(offer_id=FIRST, on=date(2024, 3, 8), occurred_at=at(31))
    assert r.stage == "admission_booked"
    r.admit(offer_id=FIRST, home_name="Rose Lodge", interim=False, occurred_at=at(96))
    booked, admitted = recorded(r)
    assert type(booked).__name__ == "AdmissionBooked" and booked.on == date(2024, 3, 8)
    assert type(admitted).__name__ == "PlacementAdmitted"
    assert admitted.home_id == ROSE.home_id and admitted.home_name == "Rose Lodge"
    assert admitted.bed_type == "nursing-dementia" and admitted.interim is False
    assert r.stage == "placed" and r.closed and r.placed_home == ROSE.home_id


def test_an_admission_may_follow_acceptance_without_a_booking() -> None:
    r = opened()
    accepted_offer(r)
    r.admit(offer_id=FIRST, home_name="Rose Lodge", interim=False, occurred_at=at(40))
    assert r.stage == "placed"


def test_one_final_admission_per_request() -> None:
    r = opened()
    accepted_offer(r)
    r.admit(offer_id=FIRST, home_name="Rose Lodge", interim=False, occurred_at=at(40))
    r.collect_events()
    # the same admission again is a retry (tests/broker/unit/test_retries.py): nothing new
    r.admit(offer_id=FIRST, home_name="Rose Lodge", interim=False, occurred_at=at(41))
    with pytest.raises(WrongStage, match="placed"):
        assessed(r, OAK)
    with pytest.raises(WrongStage, match="placed"):
        r.cancel(reason="died", occurred_at=at(42))
    assert names(r) == [] and r.placed_home == ROSE.home_id


def test_an_interim_placement_keeps_the_request_open_for_the_move_to_the_chosen_home() -> None:
    r = opened(preferred_home_ids=[OAK.home_id])
    accepted_offer(r, ROSE, FIRST)
    r.admit(offer_id=FIRST, home_name="Rose Lodge", interim=True, occurred_at=at(40))
    assert r.stage == "interim" and not r.closed and r.placed_home == ROSE.home_id
    with pytest.raises(WrongStage):
        r.admit(offer_id=FIRST, home_name="Rose Lodge", interim=False, occurred_at=at(41))

    assessed(r, OAK)
    offer(r, OAK, SECOND)
    assert r.bed_refused(offer_id=SECOND, reason="bed taken", occurred_at=at(42))
    assert r.stage == "interim"  # still in the interim home, still waiting

    third = uuid.UUID("00000000-0000-4000-8000-0000000f0003")
    offer(r, OAK, third)
    r.bed_held(offer_id=third, occurred_at=at(43))
    r.decline_offer(offer_id=third, reason="fee_top_up", occurred_at=at(44))
    assert r.stage == "interim"

    fourth = uuid.UUID("00000000-0000-4000-8000-0000000f0004")
    offer(r, OAK, fourth)
    r.bed_held(offer_id=fourth, occurred_at=at(45))
    r.accept_offer(offer_id=fourth, occurred_at=at(46))
    r.admit(offer_id=fourth, home_name="Oak House", interim=False, occurred_at=at(200))
    assert r.stage == "placed" and r.closed and r.placed_home == OAK.home_id


# -- cancelling ----------------------------------------------------------------------------


@pytest.mark.parametrize("held", [False, True])
def test_cancelling_withdraws_the_live_offer_so_the_bed_is_released(held: bool) -> None:
    r = opened()
    assessed(r)
    offer(r)
    if held:
        r.bed_held(offer_id=FIRST, occurred_at=at(26))
    r.collect_events()
    r.cancel(reason="died", occurred_at=at(30))
    [cancelled] = recorded(r)
    assert type(cancelled).__name__ == "PlacementCancelled"
    assert cancelled.offer_id == FIRST and cancelled.home_id == ROSE.home_id
    assert cancelled.reason == "died"
    assert r.offers[FIRST].status == "withdrawn" and r.live_offer() is None
    assert r.stage == "cancelled" and r.cancel_reason == "died"


def test_cancelling_with_no_live_offer_names_none() -> None:
    r = opened()
    assessed(r)
    offer(r)
    r.bed_refused(offer_id=FIRST, reason="bed taken", occurred_at=at(26))
    r.collect_events()
    r.cancel(reason="needs_changed", occurred_at=at(30))
    [cancelled] = recorded(r)
    assert cancelled.offer_id is None and cancelled.home_id is None
    assert r.offers[FIRST].status == "failed"


def test_a_cancel_needs_a_coded_reason() -> None:
    r = opened()
    with pytest.raises(InvalidInput) as refused:
        r.cancel(reason="changed mind", occurred_at=at(1))
    assert refused.value.field == "reason"
    assert r.stage == "seeking"


Command = Callable[[PlacementRequest], object]

AFTER_CANCEL: dict[str, Command] = {
    "complete_details": lambda r: r.complete_details(**details()),
    "refer": lambda r: refer(r, OAK, "ref-9"),
    "answer_referral": lambda r: r.answer_referral(
        referral_id="ref-Rose Lodge", accept=False, reason="fee", occurred_at=at(40)
    ),
    "book_assessment": lambda r: r.book_assessment(
        home_id=ROSE.home_id, assessor="home", on=date(2024, 3, 9), occurred_at=at(40)
    ),
    "complete_assessment": lambda r: r.complete_assessment(
        home_id=ROSE.home_id, can_meet_needs=True, occurred_at=at(40)
    ),
    "offer_bed": lambda r: offer(r, ROSE, SECOND),
    "accept_offer": lambda r: r.accept_offer(offer_id=FIRST, occurred_at=at(40)),
    "decline_offer": lambda r: r.decline_offer(offer_id=FIRST, reason="other", occurred_at=at(40)),
    "book_admission": lambda r: r.book_admission(
        offer_id=FIRST, on=date(2024, 3, 9), occurred_at=at(40)
    ),
    "admit": lambda r: r.admit(
        offer_id=FIRST, home_name="Rose Lodge", interim=False, occurred_at=at(40)
    ),
    "cancel": lambda r: r.cancel(reason="died", occurred_at=at(40)),
}


@pytest.mark.parametrize("command", AFTER_CANCEL.values(), ids=AFTER_CANCEL.keys())
def test_a_cancelled_request_refuses_further_commands(command: Command) -> None:
    r = opened()
    accepted_offer(r)
    r.cancel(reason="moved_away", occurred_at=at(35))
    r.collect_events()
    with pytest.raises(WrongStage, match="cancelled"):
        command(r)
    assert names(r) == [] and r.stage == "cancelled"


def test_a_cancelled_request_escalates_nothing() -> None:
    r = opened()
    refer(r)
    r.cancel(reason="went_home", occurred_at=at(3))
    r.collect_events()
    assert r.escalate_overdue(now=at(100)) == []
    assert names(r) == [] and r.referrals["ref-1"].status == "sent"


# -- what the other services hear ----------------------------------------------------------

EVERY_EVENT = {
    "PlacementRequested",
    "PlacementDetailsCompleted",
    "ReferralSent",
    "ReferralAccepted",
    "ReferralDeclined",
    "ReferralEscalated",
    "AssessmentBooked",
    "AssessmentCompleted",
    "BedReservationRequested",
    "OfferConfirmed",
    "OfferFailed",
    "OfferAccepted",
    "OfferDeclined",
    "AdmissionBooked",
    "PlacementAdmitted",
    "PlacementCancelled",
}


def a_long_journey() -> PlacementRequest:
    """Every kind of event once or more: from the ward to an interim home, then cancelled."""
    r = from_the_ward()
    r.complete_details(**details())
    elm = HomeStatus(uuid.uuid4(), "Elm Court", True, frozenset({"nursing-dementia"}))
    refer(r, elm, "ref-elm")
    r.answer_referral(referral_id="ref-elm", accept=False, reason="staffing", occurred_at=at(3))
    refer(r, OAK, "ref-oak")
    r.escalate_overdue(now=at(48))
    assessed(r, ROSE)
    offer(r, ROSE, FIRST)
    r.bed_refused(offer_id=FIRST, reason="bed taken", occurred_at=at(26))
    offer(r, ROSE, SECOND)
    r.bed_held(offer_id=SECOND, occurred_at=at(27))
    r.decline_offer(offer_id=SECOND, reason="other", occurred_at=at(28))
    third = uuid.uuid4()
    offer(r, ROSE, third)
    r.bed_held(offer_id=third, occurred_at=at(29))
    r.accept_offer(offer_id=third, occurred_at=at(30))
    r.book_admission(offer_id=third, on=date(2024, 3, 8), occurred_at=at(31))
    r.admit(offer_id=third, home_name="Rose Lodge", interim=True, occurred_at=at(96))
    r.cancel(reason="died", occurred_at=at(300))
    return r


def test_every_published_event_carries_the_episode_and_registration() -> None:
    events = recorded(a_long_journey())
    assert {type(e).__name__ for e in events} == EVERY_EVENT
    first, *rest = events
    assert first.episode_id == EPISODE and first.registration == ""  # needs not yet known
    for e in rest:
        assert e.episode_id == EPISODE, type(e).__name__
        assert e.registration == "nursing", type(e).__name__


def test_a_community_request_carries_no_episode() -> None:
    r = opened(episode_id=None, location="community", request_id=uuid.uuid4())
    refer(r)
    assert [e.episode_id for e in recorded(r)] == [None, None]


def test_replaying_the_events_rebuilds_the_same_request() -> None:
    original = a_long_journey()
    copy: Any = None
    for e in original.collect_events():
        copy = e.mutate(copy)
    assert isinstance(copy, PlacementRequest)
    assert copy.stage == original.stage == "cancelled"
    assert copy.referrals == original.referrals
    assert copy.offers == original.offers
    assert copy.placed_home == original.placed_home == ROSE.home_id
    assert copy.version == original.version
