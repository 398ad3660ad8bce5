"""The care-home index rebuilt from scratch, without reading its own rows back.

On a full replay nothing else writes these tables, so each home's rows are kept in memory
while its events come in (`HomeRows`, the live path's rules) and bulk-loaded once, at the
end. Every row belongs to one home, the gazetteer's included (one report per home and
postcode), so processes sharing a replay by home write disjoint rows; tests/vacancies
compares the result with the live path's row by row.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from events.delivery.projectors import PerAggregateReplay
from events.platform.shadow import bulk_insert_rows
from services.vacancies.projections.home_state import HomeRows
from services.vacancies.projections.tables import bed_counts, care_homes, postcodes, reservations


def index_replay(conn: Connection) -> PerAggregateReplay[HomeRows]:
    return PerAggregateReplay(conn, HomeRows, _write)


def _write(conn: Connection, homes: list[HomeRows]) -> None:
    bulk_insert_rows(conn, care_homes, (h.home for h in homes if h.home is not None))
    bulk_insert_rows(conn, bed_counts, (b for h in homes for b in h.bed_rows()))
    bulk_insert_rows(conn, reservations, (r for h in homes for r in h.reservations.values()))
    bulk_insert_rows(conn, postcodes, (p for h in homes for p in h.postcodes.values()))
