"""Each episode's hospital reference and where its admission came from (the EPR feed or typed
in), read from its admission in the event store: the published events (and so the read model)
carry neither, so a team's own list looks them up here. An admission never changes its
reference, so what was read once is kept. (A stay readmitted after a cancelled admission keeps
the source of its first admission.)"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from services.discharge.application import Episodes
from services.discharge.domain.source import Source, source_of


class References:
    def __init__(self, app: Episodes) -> None:
        self.app = app
        self._known: dict[str, tuple[str, Source]] = {}

    def of(self, episode_ids: Iterable[str]) -> dict[str, str]:
        return {k: reference for k, (reference, _) in self._admissions(episode_ids).items()}

    def sources(self, episode_ids: Iterable[str]) -> dict[str, Source]:
        return {k: source for k, (_, source) in self._admissions(episode_ids).items()}

    def _admissions(self, episode_ids: Iterable[str]) -> dict[str, tuple[str, Source]]:
        out = {}
        for episode_id in episode_ids:
            if episode_id not in self._known:
                first = next(iter(self.app.events.get(uuid.UUID(episode_id), lte=1)), None)
                self._known[episode_id] = (
                    str(getattr(first, "reference", "")),
                    source_of(str(getattr(first, "command_id", "") or "")),
                )
            out[episode_id] = self._known[episode_id]
        return out
