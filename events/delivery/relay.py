"""The outbox relay: the service's notification log is its outbox.

The relay reads notifications after the position it has recorded, translates them to
integration events, publishes them and only then records the new position. A crash between
publishing and recording republishes a few messages, which consumers recognise by position;
nothing is ever skipped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Protocol

from eventsourcing.persistence import IntegrityError, Notification, Tracking

from events.delivery.messages import Outgoing, Publisher
from events.delivery.pg_notify import Listen
from events.envelope import Envelope
from events.serialisation import encode
from events.topics import named

log = logging.getLogger(__name__)

Translate = Callable[[Notification], Sequence[tuple[str, Envelope]]]


class Outbox(Protocol):
    """The slice of an eventsourcing process recorder the relay needs."""

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]: ...

    def max_tracking_id(self, application_name: str) -> int | None: ...

    def max_notification_id(self) -> int | None: ...

    def insert_tracking(self, tracking: Tracking) -> None: ...


class OutboxRelay:
    TRACKING_NAME = "outbox-relay"

    def __init__(
        self,
        outbox: Outbox,
        translate: Translate,
        publisher: Publisher,
        *,
        topic_prefix: str = "",
        batch_size: int = 500,
        listen: Listen | None = None,
    ) -> None:
        """`listen`: run beside `run_forever` to wake it on commits of other processes
        (pg_notify.py)."""
        self.outbox = outbox
        self.translate = translate
        self.publisher = publisher
        self.topic_prefix = topic_prefix
        self.batch_size = batch_size
        self.listen = listen
        self._lock = threading.Lock()
        self._wake = threading.Event()

    def nudge(self) -> None:
        """New events were committed: publish them now rather than at the next poll. Called
        after a save in this process, or by a listener for another process's commits
        (pg_notify.py); the poll stays, for whatever no one announces."""
        self._wake.set()

    @property
    def position(self) -> int:
        return self.outbox.max_tracking_id(self.TRACKING_NAME) or 0

    def run_once(self) -> int:
        """Publish one batch; return how many notifications it moved past."""
        with self._lock:
            start = self.position
            notes = self.outbox.select_notifications(
                start, self.batch_size, inclusive_of_start=False
            )
            if not notes:
                return 0
            outgoing = [
                Outgoing(named(topic, self.topic_prefix), str(env.aggregate_id), encode(env), n.id)
                for n in notes
                for topic, env in self.translate(n)
            ]
            if outgoing:
                self.publisher.publish(outgoing)
            self.outbox.insert_tracking(Tracking(self.TRACKING_NAME, notes[-1].id))
            return len(notes)

    def run_until_idle(self) -> int:
        total = 0
        while moved := self.run_once():
            total += moved
        return total

    def run_forever(self, stop: threading.Event, interval: float = 0.2) -> None:
        """Keep publishing until `stop` is set; a failed batch is retried, never skipped.
        Idle, it waits for a nudge or `interval`, whichever comes first."""
        listener = None
        if self.listen is not None:
            listener = threading.Thread(
                target=self.listen,
                args=(stop, self.nudge),
                name="outbox-listener",
                daemon=True,
            )
            listener.start()
        try:
            self._relay_until(stop, interval)
        finally:
            if listener is not None:
                listener.join(timeout=5)

    def _relay_until(self, stop: threading.Event, interval: float) -> None:
        while not stop.is_set():
            # cleared before reading: a commit announced from here on is read by this round
            # or wakes the next one, so none waits for the poll
            self._wake.clear()
            try:
                if self.run_once():
                    continue
            except IntegrityError:  # another replica relayed the same batch first: its copies
                # are duplicates on the topic, which consumers already ignore
                log.warning("outbox batch already relayed by another replica; moving on")
                continue
            except Exception:  # the bus or the store is down: wait and retry the same batch
                log.exception("outbox relay batch failed; retrying")
                stop.wait(interval)  # not woken early: a nudge would not bring the bus back
                continue
            self._wake.wait(interval)
