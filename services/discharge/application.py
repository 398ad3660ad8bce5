"""The discharge service's commands over its event-sourced episodes.

Each command loads the episode, lets the aggregate decide and saves; a concurrent writer
makes it run again on fresh state. `now` is read here, at the edge of the domain.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import IntegrityError

from events.platform.application import ServiceApplication, retry_on_conflict
from events.platform.errors import Conflict, NotFound
from events.platform.timeutil import utcnow
from services.discharge.domain.commands import already_applied
from services.discharge.domain.episode import Episode, episode_id_for


class Episodes(ServiceApplication):
    name = "discharge"

    def admit(self, *, command_id: str = "", **details: Any) -> tuple[Episode, bool]:
        """Admit, or find the same admission again (a retry or re-import): (episode, new?)."""
        existing = self._find(episode_id_for(details["reference"]))
        if existing is not None:
            if already_applied(existing.commands, command_id):
                return existing, False
            raise Conflict(f"episode {details['reference']!r} is already admitted")
        episode = Episode.admit(now=utcnow(), command_id=command_id, **details)
        try:
            self.save(episode)
        except IntegrityError:
            raise Conflict(f"episode {details['reference']!r} is already admitted") from None
        return episode, True

    def _find(self, episode_id: uuid.UUID) -> Episode | None:
        try:
            episode: Episode = self.repository.get(episode_id)
        except Exception as exc:
            if type(exc).__name__ == "AggregateNotFoundError":
                return None
            raise
        assert isinstance(episode, Episode)
        return episode

    def episode(self, episode_id: uuid.UUID) -> Episode:
        episode = self._find(episode_id)
        if episode is None:
            raise NotFound(f"no episode {episode_id}")
        return episode

    def history(self, episode_id: uuid.UUID) -> list[DomainEventProtocol[uuid.UUID]]:
        self.episode(episode_id)
        return list(self.events.get(episode_id))

    @retry_on_conflict()
    def _command(self, episode_id: uuid.UUID, method: str, **kwargs: Any) -> Episode:
        episode = self.episode(episode_id)
        getattr(episode, method)(now=utcnow(), **kwargs)
        self.save(episode)
        return episode

    @retry_on_conflict()
    def record(self, episode_id: uuid.UUID, steps: list[Step]) -> tuple[Episode, bool]:
        """Apply several commands to one episode and save them together, or none of them.
        Returns the episode and whether anything new was recorded."""
        episode = self.episode(episode_id)
        before = episode.version
        now = utcnow()
        for step in steps:
            getattr(episode, step.method)(now=now, **step.kwargs)
        self.save(episode)
        return episode, episode.version != before

    def mark_ready(self, episode_id: uuid.UUID, **kwargs: Any) -> Episode:
        return self._command(episode_id, "mark_ready", **kwargs)

    def withdraw_readiness(self, episode_id: uuid.UUID, **kwargs: Any) -> Episode:
        return self._command(episode_id, "withdraw_readiness", **kwargs)

    def set_delay_reason(self, episode_id: uuid.UUID, **kwargs: Any) -> Episode:
        return self._command(episode_id, "set_delay_reason", **kwargs)

    def open_blocker(self, episode_id: uuid.UUID, **kwargs: Any) -> Episode:
        return self._command(episode_id, "open_blocker", **kwargs)

    def close_blocker(self, episode_id: uuid.UUID, **kwargs: Any) -> Episode:
        return self._command(episode_id, "close_blocker", **kwargs)

    def progress_assessment(self, episode_id: uuid.UUID, **kwargs: Any) -> Episode:
        return self._command(episode_id, "progress_assessment", **kwargs)

    def end(self, episode_id: uuid.UUID, **kwargs: Any) -> Episode:
        return self._command(episode_id, "end", **kwargs)


def occurred(at: datetime | None) -> datetime:
    return at or utcnow()


class Step:
    """One domain command of a batch applied to one episode and saved together."""

    def __init__(self, method: str, **kwargs: Any) -> None:
        self.method = method
        self.kwargs = kwargs
