"""An event-sourced policy that cannot apply a message sets it aside and goes on.

A policy saves its aggregates' new events with the message's position (tracking.py). When
it raises for a reason of the message's own, the message is set aside as a dead letter in the
service's read-model database, then its position is saved with no events, so a redelivery
passes it by. A transient failure propagates, so the message is retried.

A poll's batch (`handle_batch`) needs a policy that says whether it saved (`Act`, below); how
a batch shares its work is in events/delivery/policy_batch.py.

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
from events.delivery.policy_batch import Act, act_on_batch
from events.delivery.tracking import save_tracked
from events.platform.sqlite import for_writes

log = logging.getLogger(__name__)


class GuardedPolicy:
    """Wraps a policy's handler; `name` names its dead letters. `act`, when given, is the
    policy's decision on one message that says whether it saved the message's position
    (see policy_batch.py): it makes `handle_batch` possible."""

    def __init__(
        self,
        name: str,
        app: Application[Any],
        letters: DeadLetters,
        handle: Handler,
        act: Act | None = None,
    ) -> None:
        self.name = name
        self.app = app
        self.letters = letters
        self.handle = handle
        self.act = act

    def __call__(self, delivery: Delivery) -> None:
        self._guarded(self.handle)(delivery)

    def handle_batch(self, deliveries: list[Delivery]) -> None:
        """A poll's deliveries of one partition, in order (policy_batch.py)."""
        if self.act is None:
            raise TypeError(f"{self.name} decides one message at a time: give it `act`")
        act_on_batch(self.app, deliveries, self._guarded_act(self.act))

    def _guarded(self, handle: Handler) -> Handler:
        def guarded(delivery: Delivery) -> None:
            try:
                handle(delivery)
            except Exception as exc:
                if is_transient(exc):
                    raise
                self._set_aside(delivery, exc)

        return guarded

    def _guarded_act(self, act: Act) -> Act:
        def guarded(delivery: Delivery) -> bool:
            try:
                return act(delivery)
            except Exception as exc:
                if is_transient(exc):
                    raise
                self._set_aside(delivery, exc)
                return True  # its position is saved with its letter

        return guarded

    def _set_aside(self, delivery: Delivery, error: Exception) -> None:
        found = letter_of_delivery(self.name, delivery, error)
        log_set_aside(found)
        # the letter first: a crash between the two redelivers the message, which fails again
        # and replaces its letter; the other way round it would be passed by, with no letter
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
