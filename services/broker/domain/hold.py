"""The hold saga: what the broker asked a provider to hold for a person, and where it stands.

A hold is requested from the provider (through the vacancies service); the provider holds it
(`confirmed`) or refuses (`failed`). A held place is accepted or declined by the person, then
booked and taken up (`admitted`), or withdrawn when the request is cancelled. Declined,
failed and withdrawn holds release what was held. A care home's bed is held so today; a home
care agency's hours will be. Only the provider's answer to a hold still `requested` counts:
a repeated or late answer (after the person declined, or the request closed) changes
nothing. Every other move made again is a retried command and changes nothing either.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import NamedTuple, Protocol, TypeVar

from services.broker.domain.errors import NotFound, WrongStage

LIVE = ("requested", "confirmed", "accepted", "booked")  # one at a time per request


class Held(Protocol):
    """What the saga reads of a hold (a bed offer today)."""

    home_id: uuid.UUID
    status: str  # requested, confirmed, failed, accepted, declined, booked, admitted, withdrawn


H = TypeVar("H", bound=Held)


class Move(NamedTuple):
    """A move once the hold is held (the person's choice, the booking, the take-up), from
    the statuses it may start at."""

    to: str
    start: tuple[str, ...]
    refused: str  # what follows "the offer is <status>" when it may not start there


ACCEPT = Move("accepted", ("confirmed",), ", not confirmed")
DECLINE = Move("declined", ("confirmed", "accepted", "booked"), "")
BOOK = Move("booked", ("accepted",), ", not accepted")
TAKE_UP = Move("admitted", ("accepted", "booked"), ": accept it before the admission")


def always(_: Held) -> bool:
    return True


class Holds(dict[uuid.UUID, H]):
    """A request's holds by offer id (the caller chooses the id, so a retry is known)."""

    def live(self) -> tuple[uuid.UUID, H] | None:
        """The hold still in force or still asked for, if any."""
        for offer_id, held in self.items():
            if held.status in LIVE:
                return offer_id, held
        return None

    def find(self, offer_id: uuid.UUID) -> H:
        try:
            return self[offer_id]
        except KeyError:
            raise NotFound(f"no offer {offer_id} on this request") from None

    def awaiting_answer(self, offer_id: uuid.UUID, request_closed: bool) -> H | None:
        """The hold the provider's answer is for, or None when the answer comes too late or
        again (or for no hold of this request) and changes nothing."""
        held = self.get(offer_id)
        if held is None or held.status != "requested" or request_closed:
            return None
        return held

    def moving(
        self, offer_id: uuid.UUID, move: Move, same: Callable[[H], bool] = always
    ) -> H | None:
        """The hold that may make `move`; None when it made it already (`same` tells a
        retry from a new move to the same status, e.g. a booking for another day)."""
        held = self.find(offer_id)
        if held.status == move.to and same(held):
            return None
        if held.status not in move.start:
            raise WrongStage(f"the offer is {held.status}{move.refused}")
        return held

    def mark(self, offer_id: uuid.UUID, status: str) -> H:
        """Record where the hold now stands (from a recorded event only)."""
        held = self[offer_id]
        held.status = status
        return held
