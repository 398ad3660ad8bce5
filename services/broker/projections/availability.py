"""The broker's own view of other services' facts, built only from their published events:
care homes with free beds and holds (vacancies), and hospital episodes (discharge).

The rules live in availability_state.py. A batch reads back the rows it touches once,
applies every message to them in order in memory and writes the changed rows back with a few
multi-row statements: per-message SQL was most of the broker consumer's time."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from events.contracts import vacancies as v
from events.delivery.projectors import Recorded
from events.platform.shadow import bulk_insert_rows
from events.registry import Payload
from events.serialisation import Message
from services.broker.projections.availability_state import (
    EPISODE_EVENTS,
    HOLD_ENDED,
    HOME_ROW_EVENTS,
    Availability,
    EpisodeRows,
    HomeRows,
    Row,
)
from services.broker.projections.tables import (
    council_suspensions,
    free_beds,
    holds,
    homes,
    hospital_episodes,
)

CHUNK = 500  # keys per IN (...), well inside every database's limit on bound parameters

__all__ = ["HOLD_ENDED", "AvailabilityIndex"]


class AvailabilityIndex:
    """Applies the vacancies and discharge contracts the broker needs."""

    def apply(self, conn: Connection, message: Message[Payload]) -> None:
        self.apply_batch(conn, [message])

    def apply_batch(self, conn: Connection, messages: list[Message[Payload]]) -> None:
        events = [Recorded.of(m) for m in messages]
        state = _load(conn, events)
        for event in events:
            state.apply(event)
        _write_back(conn, state)


def _load(conn: Connection, events: list[Recorded]) -> Availability:
    """The rows the events read: the touched homes' and episodes' rows, and the holds they
    name (a hold is named by its reservation, whichever home it is on)."""
    state = Availability()
    home_ids: set[str] = set()
    episode_ids: set[str] = set()
    for event in events:
        p = event.payload
        if isinstance(p, EPISODE_EVENTS):
            episode_ids.add(str(event.aggregate_id))
        elif isinstance(p, HOME_ROW_EVENTS):
            home_ids.add(str(event.aggregate_id))
    found = {r["home_id"]: r for r in _rows(conn, homes, homes.c.home_id, home_ids)}
    councils: dict[str, set[str]] = {}
    for r in _rows(conn, council_suspensions, council_suspensions.c.home_id, home_ids):
        councils.setdefault(r["home_id"], set()).add(r["council_code"])
    for home_id in home_ids:
        state.homes[home_id] = HomeRows(home_id, found.get(home_id), councils.get(home_id))
    key = hospital_episodes.c.episode_id
    found = {r["episode_id"]: r for r in _rows(conn, hospital_episodes, key, episode_ids)}
    for episode_id in episode_ids:
        state.episodes[episode_id] = EpisodeRows(episode_id, found.get(episode_id))
    for hold in _rows(conn, holds, holds.c.reservation_id, _named_holds(events)):
        state.add_hold(hold)
    return state


def _named_holds(events: list[Recorded]) -> set[str]:
    return {
        str(e.payload.reservation_id)  # type: ignore[attr-defined]
        for e in events
        if isinstance(e.payload, v.BedReserved) or type(e.payload) in HOLD_ENDED
    }


def _write_back(conn: Connection, state: Availability) -> None:
    """Replace the changed rows with their new ones: delete by key, then multi-row inserts."""
    changed = [h for h in state.homes.values() if h.row_changed]
    reported = [h for h in state.homes.values() if h.free is not None]
    episodes = [e for e in state.episodes.values() if e.changed]
    suspended = [h for h in state.homes.values() if h.councils_changed]
    _delete(conn, homes.c.home_id, [h.home_id for h in changed])
    _delete(conn, council_suspensions.c.home_id, [h.home_id for h in suspended])
    _delete(conn, free_beds.c.home_id, [h.home_id for h in reported])
    # every hold the batch named was loaded into (or created in) `state`, or does not exist
    _delete(conn, holds.c.reservation_id, list(state.hold_on))
    _delete(conn, hospital_episodes.c.episode_id, [e.episode_id for e in episodes])
    bulk_insert_rows(conn, homes, [h.row for h in changed if h.row is not None])
    bulk_insert_rows(conn, free_beds, [b for h in reported for b in h.free_rows()])
    bulk_insert_rows(conn, council_suspensions, [c for h in suspended for c in h.council_rows()])
    bulk_insert_rows(conn, holds, [r for h in state.homes.values() for r in h.holds.values()])
    bulk_insert_rows(conn, hospital_episodes, [e.row for e in episodes if e.row is not None])


def _rows(conn: Connection, table: Table, key: ColumnElement[str], ids: Iterable[str]) -> list[Row]:
    ids = list(ids)
    out: list[Row] = []
    for i in range(0, len(ids), CHUNK):
        result = conn.execute(select(table).where(key.in_(ids[i : i + CHUNK])))
        out += [dict(r._mapping) for r in result]
    return out


def _delete(conn: Connection, key: ColumnElement[str], ids: list[str]) -> None:
    table = key.table  # type: ignore[attr-defined]
    for i in range(0, len(ids), CHUNK):
        conn.execute(table.delete().where(key.in_(ids[i : i + CHUNK])))
