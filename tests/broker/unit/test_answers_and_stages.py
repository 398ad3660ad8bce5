"""Coded answers and the stage bookkeeping every kind of request shares, one story each."""

from __future__ import annotations

import uuid
from enum import StrEnum

import pytest

from services.broker.domain.answers import Answer, coded
from services.broker.domain.errors import InvalidInput, WrongStage
from services.broker.domain.stages import StagedRequest


class AgencyDecline(StrEnum):
    NO_CAPACITY_IN_ZONE = "no_capacity_in_zone"
    OTHER = "other"


def test_a_yes_needs_no_reason() -> None:
    assert Answer.read(True, None, AgencyDecline) == Answer(True, None)


def test_a_no_keeps_the_code_of_its_reason() -> None:
    assert Answer.read(False, "no_capacity_in_zone", AgencyDecline) == Answer(
        False, "no_capacity_in_zone"
    )


@pytest.mark.parametrize("reason", [None, "", "full"])
def test_a_no_without_one_of_the_codes_names_the_field_and_the_codes(reason: str | None) -> None:
    with pytest.raises(InvalidInput) as refused:
        coded(AgencyDecline, reason, "decline_reason")
    assert refused.value.field == "decline_reason"
    assert "no_capacity_in_zone, other" in refused.value.message


def test_the_same_answer_again_repeats_but_a_no_for_another_reason_does_not() -> None:
    assert Answer.repeats("accepted", None, True, None)
    assert Answer.repeats("declined", "other", False, "other")
    assert not Answer.repeats("declined", "other", False, "no_capacity_in_zone")
    assert not Answer.repeats("sent", None, True, None)


class PackageStages(StagedRequest):
    """A request with a package's stages, as a package request might name them."""

    CLOSED_STAGES = ("started", "cancelled")
    NEEDS_DETAILS = "needs_details"
    SEEKING = "sourcing"
    INTERIM = "interim"

    def __init__(self, stage: str, placed_home: uuid.UUID | None = None) -> None:
        self.stage = stage
        self.placed_home = placed_home


def test_a_closed_request_refuses_every_command() -> None:
    for stage in ("started", "cancelled"):
        request = PackageStages(stage)
        assert request.closed
        with pytest.raises(WrongStage, match=f"the request is {stage}"):
            request._must_be_open()


def test_nothing_is_sought_before_the_needs_are_known() -> None:
    with pytest.raises(WrongStage, match="complete the assessed needs first"):
        PackageStages("needs_details")._must_have_details()
    PackageStages("sourcing")._must_have_details()


def test_a_hold_falling_through_sends_the_request_back_to_seeking_or_keeps_it_interim() -> None:
    assert PackageStages("offered")._seeking_stage() == "sourcing"
    assert PackageStages("offered", placed_home=uuid.uuid4())._seeking_stage() == "interim"
