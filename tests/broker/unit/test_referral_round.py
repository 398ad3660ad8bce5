"""A referral round, one story each: several providers asked at once, each with a deadline.

The providers here are home care agencies, as a package request will ask them; a care
home's referral goes through the same round (see test_placement_request.py).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from enum import StrEnum

import pytest

from services.broker.domain.answers import Answer
from services.broker.domain.errors import Conflict, InvalidInput, NotFound, WrongStage
from services.broker.domain.referral_round import ReferralRound

NOW = datetime(2026, 1, 12, 9, 0)
BRIGHT_CARE = uuid.UUID("00000000-0000-4000-8000-0000000a9001")
HOMEWARD = uuid.UUID("00000000-0000-4000-8000-0000000a9002")


class AgencyDecline(StrEnum):
    NO_CAPACITY_IN_ZONE = "no_capacity_in_zone"
    NO_DOUBLE_HANDED = "no_double_handed"


def at(hours: float) -> datetime:
    return NOW + timedelta(hours=hours)


def asked_two_agencies() -> ReferralRound:
    """Bright Care must answer within 4 hours, Homeward within 24."""
    round_ = ReferralRound()
    round_.sent("pkg-1", BRIGHT_CARE, NOW, at(4))
    round_.sent("pkg-2", HOMEWARD, NOW, at(24))
    return round_


def test_several_providers_are_asked_at_once_each_with_its_own_deadline() -> None:
    round_ = asked_two_agencies()
    assert round_.open_to(BRIGHT_CARE) is round_["pkg-1"]
    assert (round_["pkg-1"].answer_by, round_["pkg-2"].answer_by) == (at(4), at(24))
    assert round_.overdue(at(5)) == ["pkg-1"]
    assert round_.overdue(at(24)) == ["pkg-1", "pkg-2"]


def test_an_overdue_referral_is_escalated_once() -> None:
    round_ = asked_two_agencies()
    for rid in round_.overdue(at(5)):
        round_.escalated(rid)
    assert round_["pkg-1"].status == "escalated"
    assert round_.overdue(at(6)) == []  # already escalated: nobody is chased twice
    assert round_.open_to(BRIGHT_CARE) is round_["pkg-1"]  # and still waiting for its answer


def test_a_late_answer_after_escalation_still_counts() -> None:
    round_ = asked_two_agencies()
    round_.escalated("pkg-1")
    answer = round_.answer("pkg-1", True, None, AgencyDecline)
    assert answer == Answer(True)
    round_.answered("pkg-1", answer, at(7))
    assert (round_["pkg-1"].status, round_["pkg-1"].answered_at) == ("accepted", at(7))


def test_a_decline_carries_its_coded_reason_and_frees_the_provider_to_be_asked_again() -> None:
    round_ = asked_two_agencies()
    answer = round_.answer("pkg-2", False, "no_double_handed", AgencyDecline)
    assert answer == Answer(False, "no_double_handed")
    round_.answered("pkg-2", answer, at(1))
    assert round_["pkg-2"].decline_reason == "no_double_handed"
    assert round_.open_to(HOMEWARD) is None
    round_.check_new(HOMEWARD, "Homeward", answer_by=at(30), sent_at=at(2))  # no conflict


def test_a_decline_without_one_of_the_codes_is_invalid_input_naming_the_reason() -> None:
    with pytest.raises(InvalidInput) as refused:
        asked_two_agencies().answer("pkg-1", False, "too busy", AgencyDecline)
    assert refused.value.field == "reason"
    assert "no_capacity_in_zone" in refused.value.message


def test_the_same_answer_again_is_a_retry_but_another_answer_is_refused() -> None:
    round_ = asked_two_agencies()
    round_.answered("pkg-1", Answer(False, "no_capacity_in_zone"), at(1))
    assert round_.answer("pkg-1", False, "no_capacity_in_zone", AgencyDecline) is None
    with pytest.raises(WrongStage, match="already answered"):
        round_.answer("pkg-1", True, None, AgencyDecline)


def test_a_provider_with_an_open_referral_is_not_asked_twice() -> None:
    with pytest.raises(Conflict, match="Bright Care already has an open referral"):
        asked_two_agencies().check_new(BRIGHT_CARE, "Bright Care", answer_by=at(9), sent_at=at(1))


def test_the_deadline_must_come_after_the_referral_is_sent() -> None:
    with pytest.raises(InvalidInput) as refused:
        ReferralRound().check_new(BRIGHT_CARE, "Bright Care", answer_by=NOW, sent_at=NOW)
    assert refused.value.field == "answer_by"


def test_the_same_referral_again_is_a_retry_and_its_id_for_another_provider_clashes() -> None:
    round_ = asked_two_agencies()
    assert round_.repeats("pkg-1", BRIGHT_CARE)
    assert not round_.repeats("pkg-3", BRIGHT_CARE)
    with pytest.raises(Conflict, match="pkg-1 already exists"):
        round_.repeats("pkg-1", HOMEWARD)


def test_only_a_provider_that_accepted_may_assess() -> None:
    round_ = asked_two_agencies()
    round_.answered("pkg-1", Answer(True), at(1))
    assert round_.accepted_by(BRIGHT_CARE) is round_["pkg-1"]
    with pytest.raises(WrongStage):
        round_.accepted_by(HOMEWARD)


def test_an_answer_to_an_unknown_referral_is_not_found() -> None:
    with pytest.raises(NotFound, match="no referral pkg-9"):
        asked_two_agencies().answer("pkg-9", True, None, AgencyDecline)
