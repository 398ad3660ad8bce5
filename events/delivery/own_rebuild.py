"""Rebuild a projection of the service's own log beside the live tables, setting aside what
it cannot apply, and switch it in with its dead letters.

The fast path (bulk_replay.py) leaves out every aggregate that has a dead letter: those are
replayed afterwards through the live path, message by message in log order, so each event
that still fails is set aside again and each that now applies (after a fix) takes its place
among its aggregate's events. An event the fast path cannot apply and nobody had set aside
makes it fail; the rebuild then starts again the slow way (the live path, batch by batch, a
savepoint per message only where a batch fails), which sets it aside, so the next fast
rebuild leaves its aggregate out. A transient failure fails the rebuild, as before.

The rebuild's dead letters are written in the shadow database with its tables, and replace
the projection's live ones when the tables are switched in.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from events.delivery.bulk_replay import Skip, replay_log, replayer
from events.delivery.deadletters import DeadLetters
from events.delivery.failures import describe, is_transient
from events.delivery.own_log import aggregate_ids, notes_of
from events.platform.shadow import shadow_of, switch_in
from events.platform.sqlite import for_writes

if TYPE_CHECKING:
    from events.delivery.projection import LogProjection

log = logging.getLogger(__name__)


def rebuild_beside(projection: LogProjection, workers: int | None) -> int:
    """`LogProjection.rebuild`: how many notifications were replayed."""
    p = projection
    shadow, letters = _fresh_shadow(p)
    replayed: int | None = None
    fast = replayer(p.projector, p.translate)
    if fast is not None:
        with p.engine.connect() as conn:
            aside = aggregate_ids(p.letters.of(conn, p.name))
        try:
            replayed = replay_log(
                p.outbox, fast, shadow, p.metadata, p.positions, p.STREAM, workers, aside
            )
            if aside:
                _replay_aggregates(p, shadow, letters, aside)
        except Exception as exc:
            if is_transient(exc):
                raise
            log.warning(
                "%s: the fast rebuild met an event it cannot apply (%s); rebuilding message "
                "by message, setting aside what cannot be applied",
                p.name,
                describe(exc, 500),
            )
            shadow.dispose()
            shadow, letters = _fresh_shadow(p)
            replayed = None
    if replayed is None:  # the slow path: not replayable, or the fast one failed
        replayed = p.catch_up_on(shadow, letters)
    with shadow.connect() as conn:
        found = letters.of(conn, p.name)
    with p._lock:
        switch_in(p.engine, shadow, p.metadata)  # with every part the replay loaded
        with for_writes(p.engine).begin() as conn:
            p.letters.replace(conn, p.name, found)
        p.catch_up_on(p.engine, p.letters)  # what arrived meanwhile
    if found:
        log.warning("%s: rebuilt with %d event(s) set aside", p.name, len(found))
    return replayed


def _fresh_shadow(p: LogProjection) -> tuple[Engine, DeadLetters]:
    """Empty tables beside the live ones, and an empty dead-letter table with them."""
    shadow = shadow_of(p.engine)
    p.metadata.drop_all(shadow)
    p.metadata.create_all(shadow)
    letters = DeadLetters(shadow)
    letters.reset()
    return shadow, letters


def _replay_aggregates(p: LogProjection, shadow: Engine, letters: DeadLetters, aside: Skip) -> None:
    """The events of the aggregates the fast replay left out, up to where it replayed, through
    the live path (their rows follow from their own events alone: `ReplayingProjector`)."""
    with shadow.connect() as conn:
        upto = p.positions.get(conn, p.STREAM)
    writer = for_writes(shadow)
    for notes in notes_of(p.outbox, aside, upto):
        with writer.begin() as conn:
            p.applier.apply_guarded(conn, letters, notes)
