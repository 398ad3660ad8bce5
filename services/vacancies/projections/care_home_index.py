"""The care-home index: one row per home, its bed types with free counts, the holds on
them and a postcode gazetteer. Search and the vacancy board read it.

The rules live in `HomeRows` (home_state.py). A live batch reads back the rows of the homes
it touches, applies its events to them and writes them back; a full rebuild keeps every
home's rows in memory and bulk-loads them once (replay.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from events.delivery.projectors import PerAggregateReplay, Recorded
from events.registry import Payload
from events.serialisation import Message
from services.vacancies.projections.home_state import (
    CLOSED_AS,
    HomeRows,
    Row,
    normalise_postcode,
    offered_bed_types,
    words,
)
from services.vacancies.projections.tables import bed_counts, care_homes, postcodes, reservations

CHUNK = 500  # keys per IN (...) when reading or deleting a batch's rows


class CareHomeIndex:
    """Applies the vacancies contracts to the index tables."""

    def apply(self, conn: Connection, message: Message[Payload]) -> None:
        self.apply_batch(conn, [message])

    def apply_batch(self, conn: Connection, messages: list[Message[Payload]]) -> None:
        events = [Recorded.of(m) for m in messages]
        homes = {str(e.aggregate_id): HomeRows(str(e.aggregate_id)) for e in events}
        if not homes:
            return
        closed = {str(e.payload.reservation_id) for e in events if type(e.payload) in CLOSED_AS}  # type: ignore[attr-defined]
        _load(conn, homes, closed)
        for event in events:
            homes[str(event.aggregate_id)].apply(event)
        _write_back(conn, homes)

    def replay(self, conn: Connection) -> PerAggregateReplay[HomeRows]:
        """A full rebuild's writer (see replay.py)."""
        from services.vacancies.projections.replay import index_replay

        return index_replay(conn)


def _load(conn: Connection, homes: dict[str, HomeRows], closed: set[str]) -> None:
    """Read back the touched homes' rows, and those of their reservations the batch closes
    (a home's other holds are left alone: they may be many, and nothing here changes them)."""
    ids = list(homes)
    found = {r["home_id"]: r for r in _rows(conn, care_homes, care_homes.c.home_id, ids)}
    beds = _by_home(_rows(conn, bed_counts, bed_counts.c.home_id, ids))
    holds = _by_home(_rows(conn, reservations, reservations.c.reservation_id, list(closed)))
    reports = _by_home(_rows(conn, postcodes, postcodes.c.home_id, ids))
    for home_id, home in homes.items():
        home.load(
            found.get(home_id),
            beds.get(home_id, []),
            holds.get(home_id, []),
            reports.get(home_id, []),
        )


def _write_back(conn: Connection, homes: dict[str, HomeRows]) -> None:
    """Replace the touched homes' rows with their new ones."""
    ids = list(homes)
    held = [rid for home in homes.values() for rid in home.reservations]
    _delete(conn, care_homes, care_homes.c.home_id, ids)
    _delete(conn, bed_counts, bed_counts.c.home_id, ids)
    _delete(conn, reservations, reservations.c.reservation_id, held)
    _delete(conn, postcodes, postcodes.c.home_id, ids)
    _insert(conn, care_homes, [h.home for h in homes.values() if h.home is not None])
    _insert(conn, bed_counts, [b for h in homes.values() for b in h.bed_rows()])
    _insert(conn, reservations, [r for h in homes.values() for r in h.reservations.values()])
    _insert(conn, postcodes, [p for h in homes.values() for p in h.postcodes.values()])


def _rows(conn: Connection, table: Table, key: ColumnElement[str], ids: list[str]) -> list[Row]:
    out: list[Row] = []
    for i in range(0, len(ids), CHUNK):
        result = conn.execute(select(table).where(key.in_(ids[i : i + CHUNK])))
        out += [dict(r._mapping) for r in result]
    return out


def _by_home(rows: Iterable[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in rows:
        out.setdefault(row["home_id"], []).append(row)
    return out


def _delete(conn: Connection, table: Table, key: ColumnElement[str], ids: list[str]) -> None:
    for i in range(0, len(ids), CHUNK):
        conn.execute(table.delete().where(key.in_(ids[i : i + CHUNK])))


def _insert(conn: Connection, table: Table, rows: Sequence[Row]) -> None:
    if rows:
        conn.execute(table.insert(), list(rows))


__all__ = [
    "CareHomeIndex",
    "normalise_postcode",
    "offered_bed_types",
    "words",
]
