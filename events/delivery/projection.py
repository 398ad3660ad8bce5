"""Keep a SQL read model up to date with the service's own notification log.

Each batch of notifications is applied and the position advanced in one transaction, so a
crash mid-batch leaves the read model at a clean position. Rebuilding replays the whole log into
new tables beside the live ones and switches them in at once; a projector that can replay
(`ReplayingProjector`) is rebuilt by the faster path of bulk_replay.py.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Engine, MetaData, Table

from events.delivery.bulk_replay import replay_log, replayer
from events.delivery.projectors import Projector, apply_all
from events.delivery.relay import Outbox, Translate
from events.platform.readmodels import Positions
from events.platform.shadow import outdated, shadow_of, switch_in
from events.registry import contract_for
from events.serialisation import Message

log = logging.getLogger(__name__)


class LogProjection:
    STREAM = "own-log"

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
        named after the projection."""
        self.name = name
        self.outbox = outbox
        self.translate = translate
        self.engine = engine
        self.metadata = metadata
        self.positions = Positions(positions, name)
        self.projector = projector
        self.batch_size = batch_size
        self._lock = threading.Lock()
        self.upgraded = outdated(engine, metadata)
        if self.upgraded:  # the code changed the read model's shape: rebuild it from the log
            log.warning("%s: read model shape changed; rebuilding it from the log", name)
            self.rebuild(workers=1)  # no forking: a server may already run threads
        metadata.create_all(engine)

    def catch_up(self) -> int:
        """Apply everything recorded since the last position; return how many notifications."""
        with self._lock:
            return self._catch_up(self.engine)

    def _behind(self, engine: Engine) -> bool:
        """A lock-free look first, so a reader with nothing to apply takes no row lock."""
        with engine.connect() as conn:
            start = self.positions.get(conn, self.STREAM)
        return bool(self.outbox.select_notifications(start, 1, inclusive_of_start=False))

    def _catch_up(self, engine: Engine) -> int:
        total = 0
        if not self._behind(engine):
            return total
        while True:
            with engine.begin() as conn:
                start = self.positions.claim(conn, self.STREAM)
                notes = self.outbox.select_notifications(
                    start, self.batch_size, inclusive_of_start=False
                )
                if not notes:
                    return total
                messages = [
                    Message(
                        env,
                        contract_for(env.event_type, env.schema_version).model_validate(
                            env.payload
                        ),
                    )
                    for note in notes
                    for _topic, env in self.translate(note)
                ]
                apply_all(self.projector, conn, messages)
                self.positions.advance(conn, self.STREAM, notes[-1].id)
            total += len(notes)

    def rebuild(self, workers: int | None = None) -> int:
        """Replay the whole log into new tables beside the live ones, then switch them in at
        once: readers see the old view until the new one is complete. `workers`: processes
        sharing a replay (None: one per CPU, up to 4; 1: this process alone)."""
        shadow = shadow_of(self.engine)
        self.metadata.drop_all(shadow)
        self.metadata.create_all(shadow)
        # the slow part: live readers are not held up
        fast = replayer(self.projector, self.translate)
        if fast is not None:
            replayed = replay_log(
                self.outbox, fast, shadow, self.metadata, self.positions, self.STREAM, workers
            )
        else:
            replayed = self._catch_up(shadow)
        with self._lock:
            switch_in(self.engine, shadow, self.metadata)  # with every part the replay loaded
            self._catch_up(self.engine)  # what arrived meanwhile
        return replayed
