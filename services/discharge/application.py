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
from services.discharge.domain.episode import Episode
from services.discharge.domain.identity import episode_id_for, legacy_episode_id, trust_of

ADMISSION_ONLY = ("reference", "provider_code", "provider_name")  # the stay's, not the episode's
FEED_COMMANDS = frozenset(
    {
        "move",
        "cancel_move",
        "update_details",
        "withdraw",
        "cancel_ending",
        "end",
        "mark_ready",
        "merge_patient",
    }
)


class Episodes(ServiceApplication):
    name = "discharge"

    def admit(self, *, command_id: str = "", **details: Any) -> tuple[Episode, bool]:
        """Admit, or find the same admission again (a retry or re-import): (episode, new?).
        Another trust's episode of the same reference is no concern of this one."""
        _, existing = self.locate(details["provider_code"], details["reference"])
        if existing is not None:
            if already_applied(existing.commands, command_id):
                return existing, False
            if existing.withdrawn:  # its admission was cancelled: this is a new stay
                return self._readmit(existing, command_id, details), True
            raise Conflict(f"episode {details['reference']!r} is already admitted")
        episode = Episode.admit(now=utcnow(), command_id=command_id, **details)
        try:
            self.save(episode)
        except IntegrityError:
            raise Conflict(f"episode {details['reference']!r} is already admitted") from None
        return episode, True

    def _readmit(self, episode: Episode, command_id: str, details: dict[str, Any]) -> Episode:
        stay = {k: v for k, v in details.items() if k not in ADMISSION_ONLY}
        episode.readmit(now=utcnow(), command_id=command_id, **stay)
        self.save(episode)
        return episode

    def locate(self, provider_code: str, reference: str) -> tuple[uuid.UUID, Episode | None]:
        """The id of the trust's episode `reference`, with the episode if it is stored.

        Its id of (trust, reference) first; then the id a store written before that rule
        gave it, of the reference alone, if that episode is this trust's (its first event
        says whose it is). Else the new id, for an admission to come. Two reads by primary
        key either way, so a reference free here and one held by another trust look alike."""
        episode_id = episode_id_for(provider_code, reference)
        episode = self._find(episode_id)
        if episode is not None:
            return episode_id, episode
        legacy = legacy_episode_id(reference)
        admitted = next(iter(self.events.get(legacy, lte=1)), None)
        if getattr(admitted, "provider_code", None) == trust_of(provider_code):
            return legacy, self._find(legacy)
        return episode_id, None

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

    def feed_command(self, episode_id: uuid.UUID, method: str, **kwargs: Any) -> Episode:
        """One of the commands the hospital feed sends (services/discharge/feed)."""
        if method not in FEED_COMMANDS:
            raise ValueError(f"{method} is not a command of the feed")
        return self._command(episode_id, method, **kwargs)


def occurred(at: datetime | None) -> datetime:
    return at or utcnow()


class Step:
    """One domain command of a batch applied to one episode and saved together."""

    def __init__(self, method: str, **kwargs: Any) -> None:
        self.method = method
        self.kwargs = kwargs
