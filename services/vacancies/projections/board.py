"""The vacancy board: per local authority, locality and bed type, how many homes, how many
beds are free to place into now, and how many of the homes' reports are fresh."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.engine import Connection

from events.platform.timeutil import aware_utc
from services.vacancies.projections.search import available_beds_query, suspended_for
from services.vacancies.projections.tables import care_homes


@dataclass(frozen=True)
class BoardRow:
    la_code: str
    la_name: str
    locality: str
    bed_type: str
    homes: int
    homes_taking_placements: int
    free_beds: int
    fresh_share: float


def vacancy_board(
    conn: Connection, now: datetime, fresh_hours: float, council_code: str | None = None
) -> list[BoardRow]:
    """Free beds count only in homes taking placements whose report is fresh: a stale
    vacancy is not a vacancy. Taking placements of `council_code` (a broker's board); of
    any council when None, so a home suspended by some councils only still counts."""
    fresh_after = now - timedelta(hours=fresh_hours)
    avail = available_beds_query(now).subquery()
    rows = conn.execute(
        select(
            care_homes.c.la_code,
            care_homes.c.la_name,
            care_homes.c.locality,
            care_homes.c.suspended,
            care_homes.c.suspended_for,
            care_homes.c.closing_on,
            care_homes.c.last_reported_at,
            avail.c.bed_type,
            avail.c.available,
        ).join(avail, avail.c.home_id == care_homes.c.home_id)
    )
    cells: dict[tuple[str, str, str, str], list[int]] = {}
    for r in rows:
        cell = cells.setdefault((r.la_code, r.la_name, r.locality, r.bed_type), [0, 0, 0, 0])
        reported = aware_utc(r.last_reported_at)
        fresh = reported is not None and reported >= fresh_after
        taking = not suspended_for(r, council_code) and r.closing_on is None
        cell[0] += 1
        cell[1] += int(taking)
        cell[2] += max(r.available, 0) if (taking and fresh) else 0
        cell[3] += int(fresh)
    return [
        BoardRow(la, la_name, locality, bed_type, n, taking, free, round(fresh / n, 4))
        for (la, la_name, locality, bed_type), (n, taking, free, fresh) in sorted(cells.items())
    ]
