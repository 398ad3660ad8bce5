"""Each episode's hospital reference, read from its admission in the event store: the
published events (and so the read model) carry no reference, so a team's own list looks it up
here. An admission never changes its reference, so what was read once is kept."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from services.discharge.application import Episodes


class References:
    def __init__(self, app: Episodes) -> None:
        self.app = app
        self._known: dict[str, str] = {}

    def of(self, episode_ids: Iterable[str]) -> dict[str, str]:
        out = {}
        for episode_id in episode_ids:
            if episode_id not in self._known:
                first = next(iter(self.app.events.get(uuid.UUID(episode_id), lte=1)), None)
                self._known[episode_id] = str(getattr(first, "reference", ""))
            out[episode_id] = self._known[episode_id]
        return out
