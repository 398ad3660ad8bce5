"""The care-home index rebuilt from scratch, without reading its own rows back.

On a full replay nothing else writes these tables, so each home's rows are kept in memory
while its events come in (`HomeRows`, the live path's rules) and bulk-loaded once, at the
end. Every row belongs to one home, the gazetteer's included (one report per home and
postcode), so processes sharing a replay by home write disjoint rows; tests/vacancies
compares the result with the live path's row by row.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable

from sqlalchemy import Table
from sqlalchemy.engine import Connection

from events.delivery.projectors import Recorded
from events.platform.shadow import bulk_insert
from services.vacancies.projections.home_state import HomeRows, Row
from services.vacancies.projections.tables import bed_counts, care_homes, postcodes, reservations

FLUSH_ROWS = 20_000  # rows per bulk write: bounded buffers, few round trips


class IndexReplay:
    """Takes every published event of a set of homes (all of each home's events, in log
    order), then `finish` writes the homes' rows."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.homes: dict[str, HomeRows] = {}

    def add(self, events: list[Recorded]) -> None:
        homes = self.homes
        for event in events:
            home_id = str(event.aggregate_id)
            home = homes.get(home_id)
            if home is None:
                home = homes[home_id] = HomeRows(home_id)
            home.apply(event)

    def finish(self) -> None:
        homes = self.homes.values()
        _load(self.conn, care_homes, (h.home for h in homes if h.home is not None))
        _load(self.conn, bed_counts, (b for h in homes for b in h.bed_rows()))
        _load(self.conn, reservations, (r for h in homes for r in h.reservations.values()))
        _load(self.conn, postcodes, (p for h in homes for p in h.postcodes.values()))


def _load(conn: Connection, table: Table, rows: Iterable[Row]) -> None:
    """Bulk-load dict rows as tuples in the table's column order."""
    in_order = operator.itemgetter(*(c.name for c in table.columns))
    batch = []
    for row in rows:
        batch.append(in_order(row))
        if len(batch) >= FLUSH_ROWS:
            bulk_insert(conn, table, batch)
            batch = []
    bulk_insert(conn, table, batch)
