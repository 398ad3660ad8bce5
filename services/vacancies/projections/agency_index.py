"""The agency index: one row per home care agency and its free hours by zone and time band.
A broker's search reads it (agency_search.py). It sees the whole log of the vacancies service
and keeps only the agencies' events; the rules are `AgencyRows`'s (agency_state.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from eventsourcing.persistence import StoredEvent
from sqlalchemy import Table, select
from sqlalchemy.engine import Connection, RowMapping

from events.delivery.bulk_replay import Decode
from events.delivery.projectors import PerAggregateReplay, Recorded
from events.platform.shadow import bulk_insert_rows
from events.registry import Payload
from events.serialisation import Message
from services.vacancies.projections.agency_state import AGENCY_EVENTS, AgencyRows, Row
from services.vacancies.projections.agency_tables import agencies, agency_capacity, agency_held
from services.vacancies.translation import is_agencys


class AgencyIndex:
    def apply(self, conn: Connection, message: Message[Payload]) -> None:
        self.apply_batch(conn, [message])

    def apply_batch(self, conn: Connection, messages: list[Message[Payload]]) -> None:
        events = [e for e in map(Recorded.of, messages) if isinstance(e.payload, AGENCY_EVENTS)]
        found = {str(e.aggregate_id): AgencyRows(str(e.aggregate_id)) for e in events}
        if not found:
            return
        ids = list(found)  # a batch touches few agencies: one IN (...) each is enough
        rows = {r["agency_id"]: dict(r) for r in _select(conn, agencies, ids)}
        capacity: dict[str, list[Row]] = {}
        for row in _select(conn, agency_capacity, ids):
            capacity.setdefault(row["agency_id"], []).append(dict(row))
        held: dict[str, list[Row]] = {}
        for row in _select(conn, agency_held, ids):
            held.setdefault(row["agency_id"], []).append(dict(row))
        for agency_id, state in found.items():
            state.load(rows.get(agency_id), capacity.get(agency_id, []), held.get(agency_id, []))
        for event in events:
            found[str(event.aggregate_id)].apply(event)
        for table in TABLES:
            conn.execute(table.delete().where(table.c.agency_id.in_(ids)))
        for table, new in zip(TABLES, _rows(found.values()), strict=True):
            if new:
                conn.execute(table.insert(), new)

    def replay(self, conn: Connection) -> _AgencyReplay:
        """A full rebuild's writer: every agency's rows in memory, bulk-loaded at the end."""
        return _AgencyReplay(PerAggregateReplay(conn, AgencyRows, _write))


class _AgencyReplay:
    """Keeps rows only for agencies: the care homes' events in the same log (most of it)
    pass by on their stored topic, never decoded."""

    def __init__(self, inner: PerAggregateReplay[AgencyRows]) -> None:
        self.inner = inner

    def add(self, events: list[Recorded]) -> None:
        self.inner.add([e for e in events if isinstance(e.payload, AGENCY_EVENTS)])

    def add_stored(self, stored: Sequence[StoredEvent], mapper: object, decode: Decode) -> None:
        mine = (decode(s) for s in stored if is_agencys(s.topic))
        self.add([r for r in mine if r is not None])

    def finish(self) -> None:
        self.inner.finish()


def _select(conn: Connection, table: Table, ids: list[str]) -> list[RowMapping]:
    return [r._mapping for r in conn.execute(select(table).where(table.c.agency_id.in_(ids)))]


TABLES = (agencies, agency_capacity, agency_held)


def _rows(found: Iterable[AgencyRows]) -> tuple[list[Row], list[Row], list[Row]]:
    """The agencies' rows, their capacity rows and their held hours' rows (none of an agency
    never registered)."""
    registered = [a for a in found if a.agency is not None]
    return (
        [a.agency for a in registered],  # type: ignore[misc]
        [r for a in registered for r in a.capacity.values()],
        [r for a in registered for r in a.held.values()],
    )


def _write(conn: Connection, found: list[AgencyRows]) -> None:
    for table, rows in zip(TABLES, _rows(found), strict=True):
        bulk_insert_rows(conn, table, rows)
