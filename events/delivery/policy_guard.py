"""An event-sourced policy that cannot apply a message sets it aside and goes on.

A policy saves its aggregates' new events with the message's position (tracking.py). When
it raises for a reason of the message's own, the message is set aside as a dead letter in the
service's read-model database, then its position is saved with no events, so a redelivery
passes it by. A transient failure propagates, so the message is retried.

Applying a letter again runs the policy on its message under a stream of its own (the
letter's stream and position), so the retry's effects are saved exactly once too, although
the message's own stream has moved past it.
"""

from __future__ import annotations

import logging
from typing import Any

from eventsourcing.application import Application

from events.delivery.consumer import delivery_of, letter_of_delivery
from events.delivery.deadletters import DeadLetter, DeadLetters, log_set_aside
from events.delivery.failures import is_transient
from events.delivery.messages import Delivery, Handler
from events.delivery.tracking import save_tracked
from events.platform.sqlite import for_writes

log = logging.getLogger(__name__)


class GuardedPolicy:
    """Wraps a policy's handler; `name` names its dead letters."""

    def __init__(
        self, name: str, app: Application[Any], letters: DeadLetters, handle: Handler
    ) -> None:
        self.name = name
        self.app = app
        self.letters = letters
        self.handle = handle

    def __call__(self, delivery: Delivery) -> None:
        try:
            self.handle(delivery)
        except Exception as exc:
            if is_transient(exc):
                raise
            self._set_aside(delivery, exc)

    def _set_aside(self, delivery: Delivery, error: Exception) -> None:
        found = letter_of_delivery(self.name, delivery, error)
        log_set_aside(found)
        with for_writes(self.letters.engine).begin() as conn:
            self.letters.record(conn, found)
        save_tracked(self.app, delivery)  # nothing to save but that it was dealt with

    def retry(self, found: DeadLetter) -> str | None:
        """Run the policy on a letter's message again: None when it applied (its letter
        gone), else the error, which its letter now says."""

        def again() -> None:
            original = delivery_of(found)
            # the retry's own stream, at position 1: saved once, however often it is run
            stream = f"{found.stream}@{found.position}~retry"
            self.handle(Delivery(stream, 0, -1, 1, original.message))

        return self.letters.retried(found, again)
