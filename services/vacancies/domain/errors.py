"""Why a care home refuses a command. Subclasses of the platform's errors, so the HTTP edge
answers 409 for a conflict and 422 for bad input without knowing this service."""

from __future__ import annotations

from events.platform.errors import Conflict, InvalidInput, NotFound

__all__ = [
    "Conflict",
    "InvalidInput",
    "NotFound",
    "NoBedAvailable",
    "NotTakingPlacements",
    "ReservationWithdrawn",
    "StaleReport",
    "UnknownReservation",
]


class NoBedAvailable(Conflict):
    """Every free bed of that type is already held."""


class NotTakingPlacements(Conflict):
    """The home is suspended or closing."""


class StaleReport(Conflict):
    """A vacancy report older than the one already held."""


class UnknownReservation(Conflict):
    """No such hold, or it is no longer in force."""


class ReservationWithdrawn(Conflict):
    """The placement gave the reservation up before the request to hold it arrived."""
