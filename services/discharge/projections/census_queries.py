"""The returns counted from the maintained census (`episode_census`, `episode_leavings`,
census.py) as known now: one aggregate query each, the same cells as the recomputation from
the facts (services/discharge/domain/returns.py; tests/discharge/application/
test_census_returns.py). The "as at" view stays on the recomputation: these tables hold what
is known now only."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, date
from typing import Any

from sqlalchemy import Select, and_, case, func, literal, or_, select
from sqlalchemy.engine import Connection

from services.discharge.domain.calendar import (
    Period,
    end_of_day,
    last_thursday,
    local_date,
    third_wednesday,
)
from services.discharge.domain.pocd import pocd_rows
from services.discharge.domain.profile import UNKNOWN_LA
from services.discharge.domain.returns import DtocReturn, DtocRow
from services.discharge.domain.timeliness import drd_rows
from services.discharge.projections.tables import episode_census as c
from services.discharge.projections.tables import episode_leavings as left


def dtoc(conn: Connection, month: str, by: str, counted_to: date | None = None) -> DtocReturn:
    """`returns.dtoc` of every episode as known now: per group, reason, agency and care type,
    each run's midnights from the 1st to the last day counted, and the runs holding the
    last Thursday's midnight (the snapshot) when that midnight is counted."""
    period = Period.of(month, counted_to)
    days_in_month = (period.month_end - period.first).days + 1
    rows: dict[tuple[str, str], DtocRow] = {}
    if period.last >= period.first:
        for code, name, reason, agency, care_type, days, snapshot in conn.execute(
            _cells(by, period.first, period.last, last_thursday(month))
        ):
            row = rows.get((code, name))
            if row is None:
                row = rows[code, name] = DtocRow(code, name)
            row.delayed_last_thursday += int(snapshot)
            if reason is None or agency is None:
                row.unrecorded += int(days)
                continue
            row.by_reason[reason] += int(days)
            row.by_agency[agency] += int(days)
            row.by_care_type[care_type] += int(days)
            row.by_reason_agency[reason, agency] += int(days)
    england = DtocRow("-", "England")
    for row in rows.values():
        england.merge(row)
    ordered_rows = sorted(rows.values(), key=lambda r: (r.code, r.name))
    return DtocReturn(month, by, days_in_month, england, ordered_rows, period)


def _cells(by: str, first: date, last: date, snapshot: date) -> Select[Any]:
    """Delayed days and snapshot patients per group, reason, agency and care type: the runs
    overlapping `first`..`last` (days as ordinals), each counted for its overlap."""
    lo, hi, snap = first.toordinal(), last.toordinal(), snapshot.toordinal()
    start = case((c.c.first_day < lo, literal(lo)), else_=c.c.first_day)
    stop = case((or_(c.c.last_day.is_(None), c.c.last_day > hi), literal(hi)), else_=c.c.last_day)
    if lo <= snap <= hi:
        holds = and_(c.c.first_day <= snap, or_(c.c.last_day.is_(None), c.c.last_day >= snap))
        patients = func.sum(case((holds, 1), else_=0))
    else:  # the snapshot's midnight is not counted (yet): no patient is in it
        patients = func.sum(0)
    code, name = (
        (c.c.provider_code, c.c.provider_name) if by == "provider" else (c.c.la_code, c.c.la_name)
    )
    query = (
        select(
            code,
            name,
            c.c.reason,
            c.c.agency,
            c.c.care_type,
            func.sum(stop - start + 1),
            patients,
        )
        .where(c.c.first_day <= hi, or_(c.c.last_day.is_(None), c.c.last_day >= lo))
        .group_by(code, name, c.c.reason, c.c.agency, c.c.care_type)
    )
    if by == "la":
        query = query.where(c.c.la_code != UNKNOWN_LA)
    return query


def drd(
    conn: Connection,
    month: str,
    by: str,
    care_types: Sequence[str],
    counted_to: date | None = None,
) -> list[dict[str, Any]]:
    """`timeliness.drd` of every episode as known now: the discharges (not deaths) of the
    days from the 1st to the last day counted, each group's count of each delay."""
    period = Period.of(month, counted_to)
    delays: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    if period.last >= period.first:
        code, name = (
            (left.c.provider_code, left.c.provider_name)
            if by == "provider"
            else (left.c.la_code, left.c.la_name)
        )
        query = (
            select(code, name, left.c.delay_days, func.count())
            .where(
                left.c.day.between(period.first.toordinal(), period.last.toordinal()),
                left.c.kind != "died",
                left.c.care_type.in_(list(care_types)),
            )
            .group_by(code, name, left.c.delay_days)
        )
        if by == "la":
            query = query.where(left.c.la_code != UNKNOWN_LA)
        for group_code, group_name, delay, n in conn.execute(query):
            delays[group_code, group_name][int(delay)] += int(n)
    return drd_rows(month, delays)


def pocd(
    conn: Connection, month: str, dtoc_to_pocd: dict[str, str], counted_to: date | None = None
) -> list[dict[str, Any]]:
    """`pocd.pocd` of every episode as known now: the runs holding the third Wednesday's
    midnight, delayed more than 48 hours by then; nothing until that midnight has passed."""
    census_day = third_wednesday(month)
    if counted_to is not None and counted_to < census_day:
        return []
    day, cutoff = census_day.toordinal(), end_of_day(census_day)
    cells: dict[tuple[str, str, str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    query = select(
        c.c.provider_code,
        c.c.provider_name,
        c.c.la_code,
        c.c.la_name,
        c.c.pocd_reason,
        c.c.reason,
        c.c.ready_since,
    ).where(c.c.first_day <= day, or_(c.c.last_day.is_(None), c.c.last_day >= day))
    for hb_code, hb_name, la_code, la_name, wales, england, ready in conn.execute(query):
        ready_since = ready.replace(tzinfo=UTC)
        if (cutoff - ready_since).total_seconds() <= 48 * 3600:
            continue
        if wales is not None:
            category = wales
        else:
            category = dtoc_to_pocd.get(england, "") if england is not None else ""
        cell = cells[hb_code, hb_name, la_code, la_name, category]
        cell[0] += 1
        cell[1] += (census_day - local_date(ready_since)).days + 1
    return pocd_rows(census_day, cells)
