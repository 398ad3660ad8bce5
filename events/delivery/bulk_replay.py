"""The fast rebuild of a read model from the service's own log: read in big batches, each
stored event turned straight into its contract payload (no envelope, no second validation),
rows bulk-loaded, nothing read back, and the work shared between processes by aggregate:
each process (this one and the forked workers) reads its own aggregates' events straight
from the store (events/platform/logshares.py), decodes, projects and loads them.

The aggregates that have events set aside as dead letters are left out (`skip`): their rows
are the caller's to replay message by message (events/delivery/set_aside.py). A failure here
means an event the replay cannot apply that nobody had set aside yet; the caller rebuilds the
slow way then, which sets it aside, and the next fast rebuild leaves its aggregate out."""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import os
import traceback
import uuid
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any, NamedTuple, Protocol, runtime_checkable

from eventsourcing.persistence import Mapper, StoredEvent
from sqlalchemy import Engine, MetaData
from sqlalchemy.engine import Connection

from events.delivery.failures import is_transient
from events.delivery.projectors import Projector, Recorded, Replay, ReplayingProjector
from events.delivery.relay import Outbox, Translate
from events.platform.logshares import LogShares, log_shares
from events.platform.readmodels import Positions
from events.platform.shadow import build_keys, parts_of

REPLAY_BATCH = 10_000  # notifications read at a time on a replay
MAX_WORKERS = 4  # processes sharing a replay, this one included

Decode = Callable[[StoredEvent], Recorded | None]
Skip = Collection[uuid.UUID | str]  # aggregates whose events a replay leaves out


class ReplayFailed(RuntimeError):
    """A replay worker failed; `transient`: whether its failure was the infrastructure's
    (events/delivery/failures.py), so the caller knows whether to retry or rebuild slowly."""

    def __init__(self, report: str, transient: bool) -> None:
        super().__init__(report)
        self.transient = transient


class Replayer(NamedTuple):
    projector: ReplayingProjector
    decode: Decode  # a stored event to what the projector's replay takes (None: not published)
    mapper: Mapper[Any]


@runtime_checkable
class StoredReplay(Replay, Protocol):
    """A replay that takes the stored events themselves: it may read some of them more
    cheaply than the mapper does (events/delivery/stored_state.py) and `decode`s the rest."""

    def add_stored(
        self, stored: Sequence[StoredEvent], mapper: Mapper[Any], decode: Decode
    ) -> None: ...


def replayer(projector: Projector, translate: Translate) -> Replayer | None:
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

    return Replayer(projector, decode, mapper)


def replay_log(
    outbox: Outbox,
    fast: Replayer,
    shadow: Engine,
    metadata: MetaData,
    positions: Positions,
    stream: str,
    workers: int | None = None,
    skip: Skip = frozenset(),
) -> int:
    """Replay the whole log into the (empty) shadow tables, leaving out the events of the
    aggregates in `skip`; return how many notifications it read (left out ones included).
    With several workers (this process counts as one), each process reads its own aggregates'
    share of the log up to the last notification at the start, and decodes, projects and loads
    it; what is recorded meanwhile is the caller's to catch up."""
    collecting = gc.isenabled()
    # A replay keeps millions of young objects alive and frees almost none: the collector's
    # repeated passes over them cost a quarter of the time and grow with the log. The
    # workers are forked from here, so they run without it too.
    gc.disable()
    try:
        return _replay_log(outbox, fast, shadow, metadata, positions, stream, workers, skip)
    finally:
        if collecting:
            gc.enable()


def _replay_log(
    outbox: Outbox,
    fast: Replayer,
    shadow: Engine,
    metadata: MetaData,
    positions: Positions,
    stream: str,
    workers: int | None,
    skip: Skip,
) -> int:
    shares = log_shares(outbox)
    n = min(MAX_WORKERS, os.cpu_count() or 1) if workers is None else max(1, workers)
    if shares is None:
        n = 1  # a store only this process can read: it reads it whole
    upto = outbox.max_notification_id() or 0
    parts = parts_of(shadow, metadata, n)
    for part in parts:
        part.dispose()  # no pooled connection may be shared across the fork
    context = multiprocessing.get_context("fork")  # the workers inherit mapper and projector
    results, processes = [], []
    total, finished = 0, False
    try:
        for share in range(1, n):
            result_out, result_in = context.Pipe(duplex=False)
            read = _share_of(outbox, shares, share, n, upto)
            process = context.Process(
                target=_replay_share, args=(fast, read, skip, parts[share], result_in)
            )
            process.start()
            result_in.close()  # the worker's end: a dead worker then fails our recv at once
            results.append(result_out)
            processes.append(process)
        with parts[0].begin() as conn:
            total += _project(fast, _share_of(outbox, shares, 0, n, upto), skip, conn)
        failures: list[tuple[bool, str]] = []
        for result in results:
            try:
                outcome = result.recv()
            except EOFError:
                outcome = (True, "a replay worker exited without a report")
            if isinstance(outcome, int):
                total += outcome
            else:
                failures.append(outcome)
        if failures:
            raise ReplayFailed(
                "rebuild failed in a worker:\n" + "\n".join(report for _, report in failures),
                transient=all(transient for transient, _ in failures),
            )
        finished = True
    finally:
        for result in results:
            result.close()
        for process in processes:
            if not finished:  # this process failed: the workers' rows will not be used
                process.kill()
            process.join(timeout=60)
            if process.is_alive():
                process.kill()
    build_keys(shadow, metadata)
    if upto:
        with shadow.begin() as conn:
            positions.advance(conn, stream, upto)
    return total


Read = Callable[[], Iterator[Sequence[StoredEvent]]]


def _share_of(outbox: Outbox, shares: LogShares | None, share: int, n: int, upto: int) -> Read:
    """How a process reads its share of the log (run in that process, after the fork)."""
    if shares is not None:
        return lambda: shares.read(share, n, upto, REPLAY_BATCH)
    return lambda: _read_all(outbox, upto)


def _read_all(outbox: Outbox, upto: int) -> Iterator[Sequence[StoredEvent]]:
    start = 0
    while notes := outbox.select_notifications(
        start, REPLAY_BATCH, stop=upto, inclusive_of_start=False
    ):
        yield notes
        start = notes[-1].id


def _project(fast: Replayer, read: Read, skip: Skip, conn: Connection) -> int:
    """Decode and project one share of the log in the caller's transaction, leaving out the
    events of the aggregates in `skip`; how many notifications it held."""
    projector, decode, mapper = fast
    replay = projector.replay(conn)
    takes_stored = isinstance(replay, StoredReplay)
    count = 0
    for stored in read():
        count += len(stored)
        if skip:  # only then: the usual replay pays nothing for it
            stored = [event for event in stored if event.originator_id not in skip]
        if takes_stored:
            replay.add_stored(stored, mapper, decode)  # type: ignore[attr-defined]
        else:
            replay.add([r for event in stored if (r := decode(event)) is not None])
    replay.finish()
    return count


def _replay_share(
    fast: Replayer,
    read: Read,
    skip: Skip,
    engine: Engine,
    result: multiprocessing.connection.Connection,
) -> None:
    """A worker process: read, decode and project its share in one transaction."""
    try:
        engine.dispose(close=False)  # the pooled connections are the parent's: open our own
        with engine.begin() as conn:
            count = _project(fast, read, skip, conn)
        result.send(count)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        transient = not isinstance(exc, Exception) or is_transient(exc)
        result.send((transient, traceback.format_exc()))
