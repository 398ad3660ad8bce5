"""The hold saga, one story each: asked for, held or refused, then the person's choice.

What is held here is a block of home care hours at an agency, as a package request will
hold them; a care home's bed goes through the same saga (see test_placement_request.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import pytest

from services.broker.domain import hold
from services.broker.domain.errors import NotFound, WrongStage
from services.broker.domain.hold import Holds

AGENCY = uuid.UUID("00000000-0000-4000-8000-0000000a9001")
FIRST = uuid.UUID("00000000-0000-4000-8000-0000000b0001")
SECOND = uuid.UUID("00000000-0000-4000-8000-0000000b0002")


@dataclass
class HeldHours:
    home_id: uuid.UUID  # the agency
    hours_a_week: float
    status: str = "requested"
    starts_on: date | None = None


def asked(*statuses: str) -> Holds[HeldHours]:
    holds: Holds[HeldHours] = Holds()
    for i, status in enumerate(statuses):
        holds[uuid.UUID(int=i + 1)] = HeldHours(AGENCY, 14.0, status)
    return holds


def test_a_hold_fallen_through_is_not_live_so_the_next_may_be_asked_for() -> None:
    holds = asked("failed", "declined", "withdrawn")
    assert holds.live() is None
    holds[FIRST] = HeldHours(AGENCY, 10.5)
    assert holds.live() == (FIRST, holds[FIRST])


@pytest.mark.parametrize("status", hold.LIVE)
def test_a_hold_asked_for_held_accepted_or_booked_is_live(status: str) -> None:
    holds = asked("failed", status)
    assert holds.live() == (uuid.UUID(int=2), holds[uuid.UUID(int=2)])


def test_the_providers_answer_counts_only_while_the_hold_is_asked_for() -> None:
    holds = asked("requested")
    only = uuid.UUID(int=1)
    assert holds.awaiting_answer(only, request_closed=False) is holds[only]
    holds.mark(only, "confirmed")
    assert holds.awaiting_answer(only, request_closed=False) is None  # the same answer again


def test_a_late_answer_after_the_request_closed_changes_nothing() -> None:
    holds = asked("requested")
    assert holds.awaiting_answer(uuid.UUID(int=1), request_closed=True) is None
    assert holds.awaiting_answer(SECOND, request_closed=False) is None  # not this request's


def test_hours_are_accepted_only_once_the_agency_holds_them() -> None:
    holds = asked("requested")
    with pytest.raises(WrongStage, match="the offer is requested, not confirmed"):
        holds.moving(uuid.UUID(int=1), hold.ACCEPT)
    holds.mark(uuid.UUID(int=1), "confirmed")
    assert holds.moving(uuid.UUID(int=1), hold.ACCEPT) is holds[uuid.UUID(int=1)]


def test_a_move_made_already_is_a_retry() -> None:
    holds = asked("accepted")
    assert holds.moving(uuid.UUID(int=1), hold.ACCEPT) is None


def test_a_booking_for_another_day_is_not_a_retry() -> None:
    holds = asked("booked")
    holds[uuid.UUID(int=1)].starts_on = date(2026, 1, 14)
    on_the_14th = holds.moving(
        uuid.UUID(int=1), hold.BOOK, lambda h: h.starts_on == date(2026, 1, 14)
    )
    assert on_the_14th is None
    with pytest.raises(WrongStage, match="the offer is booked, not accepted"):
        holds.moving(uuid.UUID(int=1), hold.BOOK, lambda h: h.starts_on == date(2026, 1, 15))


def test_the_person_may_decline_until_the_hours_start_but_not_after() -> None:
    for status in ("confirmed", "accepted", "booked"):
        assert asked(status).moving(uuid.UUID(int=1), hold.DECLINE) is not None
    with pytest.raises(WrongStage, match="the offer is admitted"):
        asked("admitted").moving(uuid.UUID(int=1), hold.DECLINE)


def test_an_unknown_hold_is_not_found() -> None:
    with pytest.raises(NotFound, match=f"no offer {FIRST}"):
        asked("requested").moving(FIRST, hold.ACCEPT)
