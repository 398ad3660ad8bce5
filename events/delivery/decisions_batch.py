"""A policy's decisions on a poll's batch, saved in one store transaction with the batch's
position.

Each message is decided in order against a view of the application that keeps every
aggregate found or opened in the batch, with its unsaved events (an identity map): a later
message of the batch sees what the earlier ones decided, exactly as if each had been saved at
once. The new events are stamped with the message that caused them, then all of them are
saved with the position of the batch's last message, in one transaction: a crash before it
leaves nothing, and the batch is delivered again.

When that cannot hold, nothing of the batch has been saved, and the caller decides it again
one message at a time (each saved alone with its position, a message that cannot be applied
set aside): a message raised for a reason of its own (an aggregate's state after a failed
command cannot be trusted), or an API command saved one of the aggregates first. A transient
failure propagates, so the consumer delivers the batch again.

Only the application's finders named to `BatchedDecisions` (`find` unless told otherwise)
are seen through the batch: a decision that reads an aggregate another way reads what is
committed, not what earlier messages of its batch decided.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.persistence import IntegrityError, Tracking

from events.delivery.failures import is_transient
from events.delivery.messages import Delivery
from events.delivery.tracking import stamp_cause

# the aggregate a message changed or opened, or None, or a tuple of those it changed
Decide = Callable[[Delivery], Any]
# The application's finders by id and the type each returns (None for an id of another type).
Finders = Mapping[str, type]


class StaleInBatch(Exception):
    """A decision changed an aggregate without seeing what the batch had decided for it."""


class BatchView:
    """The application as a batch's decisions see it. Anything but its `finders` is the
    application's own (reads of committed state)."""

    def __init__(self, app: Application[Any], finders: Finders | None = None) -> None:
        self._app = app
        self._finders: Finders = finders or {"find": object}
        self.aggregates: dict[uuid.UUID, Any] = {}
        self._stamped: dict[uuid.UUID, int] = {}

    def _find(self, finder: str, aggregate_id: uuid.UUID) -> Any:
        kept = self.aggregates.get(aggregate_id)
        if kept is not None:
            return kept if isinstance(kept, self._finders[finder]) else None
        found = getattr(self._app, finder)(aggregate_id)
        if found is None:
            return None  # not kept: a later message may open it
        self.aggregates[aggregate_id] = found
        return found

    def __getattr__(self, name: str) -> Any:
        if name in self._finders:
            return partial(self._find, name)
        return getattr(self._app, name)

    def decided(self, delivery: Delivery, decided: Any) -> None:
        """After a message: keep what it opened; stamp the events it caused with it."""
        for opened in decided if isinstance(decided, tuple) else (decided,):
            if opened is None:
                continue
            kept = self.aggregates.get(opened.id)
            if kept is not None and kept is not opened and kept.pending_events:
                # loaded some other way than `find`: it misses what the batch decided before
                raise StaleInBatch(f"{opened.id} was changed earlier in the batch")
            self.aggregates[opened.id] = opened
        for aggregate_id, aggregate in self.aggregates.items():
            events = aggregate.pending_events
            stamp_cause(events[self._stamped.get(aggregate_id, 0) :], delivery)
            self._stamped[aggregate_id] = len(events)


class BatchedDecisions:
    """Runs `decide` on a batch against a `BatchView`, which `current` hands to the decisions
    of this thread while the batch runs (another thread, e.g. retrying a dead letter, sees
    the application itself)."""

    def __init__(
        self, app: Application[Any], decide: Decide, finders: Finders | None = None
    ) -> None:
        self.app = app
        self.decide = decide
        self.finders = finders
        self._local = threading.local()

    def current(self) -> Any:
        return getattr(self._local, "view", None) or self.app

    def apply(self, deliveries: list[Delivery]) -> bool:
        """Decide and save the batch of one partition; False when it must be decided again one
        message at a time (nothing of it was saved)."""
        if not deliveries:
            return True
        view = BatchView(self.app, self.finders)
        self._local.view = view
        try:
            for delivery in deliveries:
                view.decided(delivery, self.decide(delivery))
        except Exception as exc:
            if is_transient(exc):
                raise
            return False
        finally:
            self._local.view = None
        changed = [a for a in view.aggregates.values() if a.pending_events]
        if not changed:
            return True  # every decision idempotent: a redelivery decides nothing again
        return self._save(deliveries[-1], changed)

    def _save(self, last: Delivery, changed: list[Any]) -> bool:
        processing: ProcessingEvent[Any] = ProcessingEvent(
            tracking=Tracking(last.stream, last.position)
        )
        processing.collect_events(*changed)
        try:
            recordings = self.app._record(processing)
        except IntegrityError:
            # a command saved one of them first, or the batch's position was saved before (a
            # redelivery): one message at a time decides again on fresh state, and passes by
            # what was saved
            return False
        self.app._notify(recordings)
        return True
