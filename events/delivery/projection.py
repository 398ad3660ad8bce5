"""Keep a SQL read model up to date with the service's own notification log.

Each batch of notifications is applied and the position advanced in one transaction, so a
crash mid-batch leaves the read model at a clean position. A notification that cannot be
applied is set aside as a dead letter in the same transaction and the rest go on
(events/delivery/guarded.py). Rebuilding replays the whole log into new tables beside the live
ones and switches them in at once (events/delivery/own_rebuild.py); a projector that can
replay (`ReplayingProjector`) is rebuilt by the faster path of bulk_replay.py.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from sqlalchemy import Engine, MetaData, Table

from events.delivery.deadletters import DeadLetter, DeadLetters
from events.delivery.own_log import STREAM, OwnLogApplier
from events.delivery.own_rebuild import rebuild_beside
from events.delivery.projectors import Projector
from events.delivery.relay import Outbox, Translate
from events.platform.readmodels import Positions
from events.platform.shadow import outdated
from events.platform.sqlite import for_writes
from events.platform.timeutil import naive_utc, utcnow

log = logging.getLogger(__name__)


class LogProjection:
    STREAM = STREAM

    def __init__(
        self,
        name: str,
        outbox: Outbox,
        translate: Translate,
        engine: Engine,
        metadata: MetaData,
        positions: Table,
        projector: Projector,
        batch_size: int = 1000,
    ) -> None:
        """`positions` is the read model's positions table; this projection's row in it is
        named after the projection, and so are its dead letters."""
        self.name = name
        self.outbox = outbox
        self.translate = translate
        self.engine = engine
        self.metadata = metadata
        self.positions = Positions(positions, name)
        self.projector = projector
        self.batch_size = batch_size
        self.letters = DeadLetters(engine)
        self.applier = OwnLogApplier(name, translate, projector)
        self._lock = threading.Lock()
        self._rebuilt_at: datetime | None = None  # naive UTC, like a letter's failed_at
        self.upgraded = outdated(engine, metadata)
        if self.upgraded:  # the code changed the read model's shape: rebuild it from the log
            log.warning("%s: read model shape changed; rebuilding it from the log", name)
            self.rebuild(workers=1)  # no forking: a server may already run threads
        metadata.create_all(engine)

    def catch_up(self) -> int:
        """Apply everything recorded since the last position; return how many notifications."""
        if not self._behind(self.engine):
            # most reads: nothing new, and no queueing behind another reader for the lock
            return 0
        with self._lock:
            return self.catch_up_on(self.engine, self.letters)

    def _behind(self, engine: Engine) -> bool:
        """A lock-free look first, so a reader with nothing to apply takes no row lock."""
        with engine.connect() as conn:
            start = self.positions.get(conn, self.STREAM)
        return bool(self.outbox.select_notifications(start, 1, inclusive_of_start=False))

    def catch_up_on(self, engine: Engine, letters: DeadLetters) -> int:
        """Catch up the tables on `engine` (the live ones, or a rebuild's), setting aside in
        `letters` what cannot be applied. Callers hold the lock."""
        total = 0
        if not self._behind(engine):
            return total
        writer = for_writes(engine)
        while True:
            with writer.begin() as conn:
                start = self.positions.claim(conn, self.STREAM)
                notes = self.outbox.select_notifications(
                    start, self.batch_size, inclusive_of_start=False
                )
                if not notes:
                    return total
                self.applier.apply_guarded(conn, letters, notes)
                self.positions.advance(conn, self.STREAM, notes[-1].id)
            total += len(notes)

    def rebuild(self, workers: int | None = None) -> int:
        """Replay the whole log into new tables beside the live ones, then switch them in at
        once: readers see the old view until the new one is complete. What the replay cannot
        apply becomes this projection's dead letters, in place of the ones it had. `workers`:
        processes sharing a replay (None: one per CPU, up to 4; 1: this process alone)."""
        self._rebuilt_at = naive_utc(utcnow())
        return rebuild_beside(self, workers)

    def retry(self, found: DeadLetter) -> str | None:
        """Apply a dead letter of this projection again, in its place among its aggregate's
        events: by a rebuild, which replays every letter of the projection at once (so the
        letters of one `carebridge deadletters retry` cost one rebuild). Applied on top of
        the rows as they are now, an event would miss the later events of its aggregate
        that went by while it was set aside (a report of a home not yet registered), or undo
        them (an older report over a newer one). None when it applied and its letter is gone;
        else the error, which its letter now says."""
        if self._rebuilt_at is None or self._rebuilt_at < found.failed_at:
            self.rebuild()
        with self.engine.connect() as conn:
            left = {(x.stream, x.position): x for x in self.letters.of(conn, self.name)}
        now = left.get((found.stream, found.position))
        return None if now is None else now.error
