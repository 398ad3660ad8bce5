"""One process's share of a service's event log, read straight from the store's table.

A full rebuild is shared between processes by aggregate: each reads only the events of its
own aggregates (chosen in SQL by the last character of the aggregate id, which is as evenly
spread as the ids are random), in log order, on a connection of its own. No process reads the
log for another, so reading is shared out as well as projecting. The rows are read as plain
tuples: the library's `select_notifications` builds a `Notification` per row and spends most
of a read doing it.

The table layouts are the `eventsourcing` library's own (SQLite: the rowid is the
notification id; PostgreSQL: `notification_id`, in the service's schema); tests read the same
log both ways and compare.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresProcessRecorder
from eventsourcing.sqlite import SQLiteProcessRecorder
from psycopg import sql


@dataclass(frozen=True)
class LogShares:
    """Where a log lives, so that any process (forked ones too) can open its own connection
    and read a share of it."""

    table: str
    uuids: bool  # the aggregate ids are UUIDs (the library's default), not text
    sqlite_path: str | None = None
    postgres: dict[str, Any] | None = None  # psycopg connection arguments
    schema: str | None = None

    def read(self, share: int, shares: int, upto: int, batch: int) -> Iterator[list[StoredEvent]]:
        """The events of share `share` of `shares` (0-based) with notification ids up to
        `upto`, in log order, about `batch` at a time."""
        # Read by ranges of ids, not "the next `batch` after the last one": with a filter
        # and a LIMIT, PostgreSQL's planner may scan the rest of the log for every batch.
        width = batch * shares
        ranges = ((start, min(start + width, upto)) for start in range(0, upto, width))
        if self.sqlite_path is not None:
            yield from self._read_sqlite(share, shares, ranges)
        else:
            yield from self._read_postgres(share, shares, ranges)

    def _read_sqlite(
        self, share: int, shares: int, ranges: Iterator[tuple[int, int]]
    ) -> Iterator[list[StoredEvent]]:
        statement = (
            f'SELECT rowid, originator_id, originator_version, topic, state FROM "{self.table}" '
            "WHERE rowid > ? AND rowid <= ? AND unicode(substr(originator_id, -1)) % ? = ? "
            "ORDER BY rowid"
        )
        where = Path(self.sqlite_path or "").resolve().as_uri()  # any character, escaped
        conn = sqlite3.connect(f"{where}?mode=ro", uri=True)
        ids: dict[str, uuid.UUID] = {}
        try:
            for start, stop in ranges:
                if rows := conn.execute(statement, (start, stop, shares, share)).fetchall():
                    yield self._stored(rows, ids)
        finally:
            conn.close()

    def _read_postgres(
        self, share: int, shares: int, ranges: Iterator[tuple[int, int]]
    ) -> Iterator[list[StoredEvent]]:
        statement = sql.SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state FROM {} "
            "WHERE notification_id > %s AND notification_id <= %s "
            "AND ascii(right(originator_id::text, 1)) %% %s = %s "
            "ORDER BY notification_id"
        ).format(sql.Identifier(self.schema or "public", self.table))
        with psycopg.connect(**(self.postgres or {}), autocommit=True) as conn:
            # this process is one of the readers already: no parallel workers per batch
            conn.execute("SET max_parallel_workers_per_gather = 0")
            for start, stop in ranges:
                params = (start, stop, shares, share)
                if rows := conn.execute(statement, params, prepare=True).fetchall():
                    yield [StoredEvent(*row[1:]) for row in rows]

    def _stored(self, rows: list[tuple[Any, ...]], ids: dict[str, uuid.UUID]) -> list[StoredEvent]:
        """`ids`: each aggregate's id made once per read (its events come several times)."""
        if self.uuids:
            return [
                StoredEvent(ids.get(oid) or ids.setdefault(oid, uuid.UUID(oid)), v, t, s)
                for _, oid, v, t, s in rows
            ]
        return [StoredEvent(oid, v, t, s) for _, oid, v, t, s in rows]


def log_shares(recorder: object) -> LogShares | None:
    """How to read shares of this recorder's log, or None for a store this module does not
    know (the caller then reads it whole, through the library)."""
    if isinstance(recorder, SQLiteProcessRecorder):
        lite = recorder.datastore
        if lite.pool.is_sqlite_memory_mode:
            return None  # another connection would see another database
        return LogShares(
            recorder.events_table_name,
            lite.originator_id_type == "uuid",
            sqlite_path=lite.pool.db_name,
        )
    if isinstance(recorder, PostgresProcessRecorder):
        pg = recorder.datastore
        given = pg.pool.kwargs if isinstance(pg.pool.kwargs, dict) else {}
        arguments = {k: v for k, v in given.items() if k != "row_factory"}
        return LogShares(recorder.events_table_name, True, postgres=arguments, schema=pg.schema)
    return None
