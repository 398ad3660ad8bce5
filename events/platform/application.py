"""The base every service's eventsourcing Application stands on."""

from __future__ import annotations

import functools
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
    the second run then sees the new state and its invariants decide (e.g. 409 no bed)."""

    def decorate(command: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(command)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            for attempt in range(attempts):
                try:
                    return command(*args, **kwargs)
                except RecordConflictError:
                    if attempt == attempts - 1:
                        raise
            raise AssertionError("unreachable")

        return run

    return decorate
