"""Keep a SQL read model up to date with the service's own notification log.

Each batch of notifications is applied and the position advanced in one transaction, so a
crash mid-batch leaves the read model at a clean position. Rebuilding replays the whole log into
new tables beside the live ones and switches them in at once.

A projector that can also replay (`ReplayingProjector`) is rebuilt by a faster path: the log
read in big batches, each stored event turned straight into its contract payload (no envelope,
no second validation), rows bulk-loaded, nothing read back, and the work shared between
processes by aggregate (see replay.py).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
import traceback
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from eventsourcing.persistence import Notification, StoredEvent
from sqlalchemy import Engine, MetaData, Table
from sqlalchemy.engine import Connection

from events.delivery.relay import Outbox, Translate
from events.platform.readmodels import Positions
from events.platform.shadow import merge_parts, outdated, parts_of, shadow_of, switch_in
from events.registry import Payload, contract_for
from events.serialisation import Message

log = logging.getLogger(__name__)


class Projector(Protocol):
    """Writes the rows one integration event implies, inside the caller's transaction."""

    def apply(self, conn: Connection, message: Message[Payload]) -> None: ...


@runtime_checkable
class BatchProjector(Projector, Protocol):
    """A projector that writes a whole batch at once (multi-row inserts, one state refresh)."""

    def apply_batch(self, conn: Connection, messages: list[Message[Payload]]) -> None: ...


@dataclass(frozen=True, slots=True)
class Recorded:
    """What a projector needs of one published event, however it was read: from the live
    path's envelope, or straight from the stored domain event on a replay."""

    aggregate_id: uuid.UUID
    aggregate_version: int
    occurred_at: datetime
    recorded_at: datetime
    payload: Payload


class Replay(Protocol):
    """Writes a full rebuild into empty tables: `add` every event of some aggregates in log
    order, then `finish`."""

    def add(self, events: list[Recorded]) -> None: ...

    def finish(self) -> None: ...


@runtime_checkable
class ReplayingProjector(Projector, Protocol):
    """A projector that can rebuild from scratch without reading its rows back. It promises
    that the rows of one aggregate follow from that aggregate's events alone, so a rebuild
    may be shared out between processes by aggregate."""

    def replay(self, conn: Connection) -> Replay: ...


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
            self.rebuild()
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
                if isinstance(self.projector, BatchProjector):
                    self.projector.apply_batch(conn, messages)
                else:
                    for message in messages:
                        self.projector.apply(conn, message)
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
            self._catch_up(shadow)  # what arrived meanwhile
            switch_in(self.engine, shadow, self.metadata)
        return replayed


# -- the fast rebuild ------------------------------------------------------------------------

REPLAY_BATCH = 10_000  # notifications read at a time on a replay
MAX_WORKERS = 4

Decode = Callable[[StoredEvent], Recorded | None]
Wire = tuple[bytes | str, int, str, bytes]  # a notification as sent to a worker: cheap to pickle


def replayer(
    projector: Projector, translate: Translate
) -> tuple[ReplayingProjector, Decode] | None:
    """The projector and a decoder for the fast path, when both allow it: the translator
    must expose its mapper and `payload_of` (domain event -> contract payload)."""
    mapper = getattr(translate, "mapper", None)
    payload_of = getattr(translate, "payload_of", None)
    if not isinstance(projector, ReplayingProjector) or mapper is None or payload_of is None:
        return None

    def decode(stored: StoredEvent) -> Recorded | None:
        # The same payload the envelope would carry, without the envelope: built from the
        # domain event and validated once by the contract, as the outbox relay does.
        event = mapper.to_domain_event(stored)
        payload = payload_of(event)
        if payload is None:
            return None
        return Recorded(
            event.originator_id,
            event.originator_version,
            event.occurred_at,
            event.timestamp,
            payload,
        )

    return projector, decode


def replay_log(
    outbox: Outbox,
    fast: tuple[ReplayingProjector, Decode],
    shadow: Engine,
    metadata: MetaData,
    positions: Positions,
    stream: str,
    workers: int | None = None,
) -> int:
    """Replay the whole log into the (empty) shadow tables; return how many notifications.
    With several workers, this process reads the log and deals each notification to the
    worker that owns its aggregate; the workers decode, project and load their share."""
    collecting = gc.isenabled()
    # A replay keeps millions of young objects alive and frees almost none: the collector's
    # repeated passes over them cost a quarter of the time and grow with the log. The
    # workers are forked from here, so they run without it too.
    gc.disable()
    try:
        return _replay_log(outbox, fast, shadow, metadata, positions, stream, workers)
    finally:
        if collecting:
            gc.enable()


def _replay_log(
    outbox: Outbox,
    fast: tuple[ReplayingProjector, Decode],
    shadow: Engine,
    metadata: MetaData,
    positions: Positions,
    stream: str,
    workers: int | None,
) -> int:
    projector, decode = fast
    n = min(MAX_WORKERS, os.cpu_count() or 1) if workers is None else max(1, workers)
    last = total = 0
    if n == 1:
        with shadow.begin() as conn:
            replay = projector.replay(conn)
            for notes in _read_all(outbox):
                replay.add([r for note in notes if (r := decode(note)) is not None])
                last, total = notes[-1].id, total + len(notes)
            replay.finish()
            if last:
                positions.advance(conn, stream, last)
        return total
    parts = parts_of(shadow, metadata, n)
    context = multiprocessing.get_context("fork")  # the workers inherit mapper and projector
    inboxes, results, processes = [], [], []
    for part in parts:
        inbox_out, inbox_in = context.Pipe(duplex=False)
        result_out, result_in = context.Pipe(duplex=False)
        process = context.Process(
            target=_replay_share, args=(projector, decode, part, inbox_out, result_in)
        )
        process.start()
        inbox_out.close()  # the worker's ends: a dead worker then fails our send at once
        result_in.close()
        inboxes.append(inbox_in)
        results.append(result_out)
        processes.append(process)
    failures = []
    try:
        try:
            for notes in _read_all(outbox):
                shares: list[list[Wire]] = [[] for _ in range(n)]
                for note in notes:
                    shares[_owner(note.originator_id, n)].append(_wire(note))
                for inbox, share in zip(inboxes, shares, strict=True):
                    if share:
                        inbox.send(share)
                last, total = notes[-1].id, total + len(notes)
            for inbox in inboxes:
                inbox.send(None)
        except (BrokenPipeError, EOFError):
            pass  # a worker died: its report below says why
        for result in results:
            try:
                if (failure := result.recv()) is not None:
                    failures.append(failure)
            except EOFError:
                failures.append("a replay worker exited without a report")
    finally:
        for process in processes:
            process.join(timeout=60)
            if process.is_alive():
                process.kill()
    if failures:
        raise RuntimeError("rebuild failed in a worker:\n" + "\n".join(failures))
    merge_parts(shadow, parts, metadata)
    if last:
        with shadow.begin() as conn:
            positions.advance(conn, stream, last)
    return total


def _read_all(outbox: Outbox) -> Iterator[list[Notification]]:
    start = 0
    while notes := outbox.select_notifications(start, REPLAY_BATCH, inclusive_of_start=False):
        yield list(notes)
        start = notes[-1].id


def _owner(originator_id: uuid.UUID | str, n: int) -> int:
    if isinstance(originator_id, uuid.UUID):
        return originator_id.int % n
    return zlib.crc32(originator_id.encode()) % n


def _wire(note: Notification) -> Wire:
    oid = note.originator_id
    return (
        oid.bytes if isinstance(oid, uuid.UUID) else oid,
        note.originator_version,
        note.topic,
        note.state,
    )


def _stored(wire: Wire) -> StoredEvent:
    oid, version, topic, state = wire
    return StoredEvent(
        uuid.UUID(bytes=oid) if isinstance(oid, bytes) else oid, version, topic, state
    )


def _replay_share(
    projector: ReplayingProjector,
    decode: Decode,
    engine: Engine,
    inbox: multiprocessing.connection.Connection,
    result: multiprocessing.connection.Connection,
) -> None:
    """A worker process: project every notification dealt to it in one transaction."""
    try:
        engine.dispose(close=False)  # the pooled connections are the parent's: open our own
        with engine.begin() as conn:
            replay = projector.replay(conn)
            while (share := inbox.recv()) is not None:
                replay.add([r for wire in share if (r := decode(_stored(wire))) is not None])
            replay.finish()
        result.send(None)
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        result.send(traceback.format_exc())
