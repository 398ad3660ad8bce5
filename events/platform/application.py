"""The base every service's eventsourcing Application stands on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ParamSpec, TypeVar

from eventsourcing.application import Application
from eventsourcing.persistence import (
    JSONTranscoder,
    ProcessRecorder,
    RecordConflictError,
    Transcoding,
)
from tenacity import retry, retry_if_exception_type, stop_after_attempt

P = ParamSpec("P")
R = TypeVar("R")


class DateAsISO(Transcoding):
    """Calendar dates (assessment and admission days) in stored events."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class ServiceApplication(Application[Any]):
    """An Application whose recorder also tracks positions (outbox relay, consumers)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._on_saved: list[Callable[[], None]] = []
        super().__init__(*args, **kwargs)

    def on_saved(self, listener: Callable[[], None]) -> None:
        """Call `listener` in the saving thread each time new events have been committed
        (e.g. to wake the outbox relay instead of leaving them to its next poll)."""
        self._on_saved.append(listener)

    def _notify(self, recordings: list[Any]) -> None:
        super()._notify(recordings)
        if recordings:  # a tracking record alone has nothing to publish
            for listener in self._on_saved:
                listener()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def construct_recorder(self) -> ProcessRecorder:
        return self.factory.process_recorder()

    @property
    def outbox(self) -> ProcessRecorder:
        assert isinstance(self.recorder, ProcessRecorder)
        return self.recorder


def retry_on_conflict(attempts: int = 3) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Re-run a command on fresh state when another writer saved the aggregate first:
    the second run then sees the new state and its invariants decide (e.g. 409 no bed).
    After `attempts` the conflict itself is raised."""
    return retry(  # type: ignore[no-any-return]
        retry=retry_if_exception_type(RecordConflictError),
        stop=stop_after_attempt(attempts),
        reraise=True,
    )
