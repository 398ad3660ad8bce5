"""Why a placement request refuses a command (the platform's errors, so HTTP maps them alike)."""

from __future__ import annotations

from events.platform.errors import Conflict, Forbidden, InvalidInput, NotFound

__all__ = ["Conflict", "Forbidden", "InvalidInput", "NotFound", "WrongStage"]


class WrongStage(Conflict):
    """The request is not at a stage where this can happen."""
