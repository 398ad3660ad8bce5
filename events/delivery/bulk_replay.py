"""The fast rebuild of a read model from the service's own log: read in big batches, each
stored event turned straight into its contract payload (no envelope, no second validation),
rows bulk-loaded, nothing read back, and the work shared between processes by aggregate:
this process reads the log, deals each forked worker its aggregates' notifications and
projects a share of its own."""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import os
import traceback
import uuid
import zlib
from collections.abc import Callable, Iterator

from eventsourcing.persistence import Notification, StoredEvent
from sqlalchemy import Engine, MetaData

from events.delivery.projectors import Projector, Recorded, ReplayingProjector
from events.delivery.relay import Outbox, Translate
from events.platform.readmodels import Positions
from events.platform.shadow import merge_parts, parts_of

REPLAY_BATCH = 10_000  # notifications read at a time on a replay
MAX_WORKERS = 4  # processes sharing a replay, this one included
# Aggregates are dealt to processes in buckets (by id); the reading process, which also reads
# and sends, projects READER_WEIGHT as much as a worker (measured on 2 CPUs, SQLite and
# PostgreSQL, 300,000 events: see docs/performance.md).
BUCKETS = 64
READER_WEIGHT = 0.9

Decode = Callable[[StoredEvent], Recorded | None]
Wire = tuple[bytes | str, int, str, bytes]  # a notification as sent to a worker: cheap to pickle


def replayer(
    projector: Projector, translate: Translate
) -> tuple[ReplayingProjector, Decode] | None:
    """The projector and a decoder for the fast path, when both allow it: the translator
    must expose its mapper and `payload_of` (domain event -> contract payload). A projector
    may name its own `payload_of`, one its service promises gives the same payloads more
    cheaply (the discharge facts do: services/discharge/translation.py)."""
    mapper = getattr(translate, "mapper", None)
    payload_of = getattr(projector, "payload_of", None) or getattr(translate, "payload_of", None)
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
    With several workers (this process counts as one), this process reads the log, deals each
    notification to the process that owns its aggregate, and decodes, projects and loads its
    own share as the forked workers do theirs."""
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
    parts = parts_of(shadow, metadata, n)
    for part in parts:
        part.dispose()  # no pooled connection may be shared across the fork
    owners = _owners(n)
    context = multiprocessing.get_context("fork")  # the workers inherit mapper and projector
    inboxes, results, processes = [], [], []
    last = total = 0
    try:
        for part in parts[1:]:
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
        # This process reads, deals the workers their shares and projects its own, smaller
        # one (it also reads and sends), so that n processes keep n CPUs busy.
        with parts[0].begin() as conn:
            replay = projector.replay(conn)
            dealt = True
            try:
                for notes in _read_all(outbox):
                    shares: list[list[Wire]] = [[] for _ in range(n)]
                    mine = []
                    for note in notes:
                        owner = owners[_bucket(note.originator_id)]
                        if owner:
                            shares[owner].append(_wire(note))
                        else:
                            mine.append(note)
                    for inbox, share in zip(inboxes, shares[1:], strict=True):
                        if share:
                            inbox.send(share)
                    replay.add([r for note in mine if (r := decode(note)) is not None])
                    last, total = notes[-1].id, total + len(notes)
                for inbox in inboxes:
                    inbox.send(None)
            except (BrokenPipeError, EOFError):
                dealt = False  # a worker died: its report below says why
            if dealt:
                replay.finish()
            failures = []
            for result in results:
                try:
                    if (failure := result.recv()) is not None:
                        failures.append(failure)
                except EOFError:
                    failures.append("a replay worker exited without a report")
            if failures:
                raise RuntimeError("rebuild failed in a worker:\n" + "\n".join(failures))
    finally:
        for inbox in inboxes:
            inbox.close()  # a worker still waiting for work stops
        for process in processes:
            process.join(timeout=60)
            if process.is_alive():
                process.kill()
    merge_parts(shadow, parts, metadata)
    if last:
        with shadow.begin() as conn:
            positions.advance(conn, stream, last)
    return total


def _owners(n: int) -> list[int]:
    """Which process (0: this one, the reader) projects each bucket of aggregates: the
    reader gets a smaller share, weighed by READER_WEIGHT against a worker's 1."""
    mine = round(BUCKETS * READER_WEIGHT / (READER_WEIGHT + n - 1)) if n > 1 else BUCKETS
    return [0] * mine + [1 + i % (n - 1) for i in range(BUCKETS - mine)]


def _read_all(outbox: Outbox) -> Iterator[list[Notification]]:
    start = 0
    while notes := outbox.select_notifications(start, REPLAY_BATCH, inclusive_of_start=False):
        yield list(notes)
        start = notes[-1].id


def _bucket(originator_id: uuid.UUID | str) -> int:
    if isinstance(originator_id, uuid.UUID):
        return originator_id.int % BUCKETS
    return zlib.crc32(originator_id.encode()) % BUCKETS


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
