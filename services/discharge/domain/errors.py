"""Why an episode refuses a command (the platform's errors, so HTTP maps them alike)."""

from __future__ import annotations

from events.platform.errors import Conflict, InvalidInput, NotFound

__all__ = ["Conflict", "InvalidInput", "NotFound", "EpisodeEnded"]


class EpisodeEnded(Conflict):
    """The patient has left hospital (discharged, transferred or died) before this time."""
