"""Shared by the census parity tests: the DTOC, DRD and PoCD returns both ways (from the maintained
census, as the service serves them, and recomputed from the facts, as it did before), every
cell of them, and the moments a month is asked at."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from services.discharge.bootstrap import Discharge
from services.discharge.domain import returns
from services.discharge.domain.calendar import (
    Period,
    end_of_day,
    last_thursday,
    month_bounds,
    third_wednesday,
)
from services.discharge.projections.queries import in_window
from services.discharge.projections.tables import episode_census, episode_leavings
from tests.readmodel_rows import every_row


def moment_counted_to(day: date) -> datetime:
    """The `now` at which `day` is the last census passed (00:00 UK time the day after)."""
    return end_of_day(day)


def counted_tos(month: str) -> list[date]:
    """Days a return of `month` may be counted to: before it, on its first days, around its
    Wales census and its last-Thursday snapshot, at its end and after it."""
    first, last = month_bounds(month)
    snapshot, wales = last_thursday(month), third_wednesday(month)
    steps = [first - timedelta(days=2), first - timedelta(days=1), first, first + timedelta(9)]
    steps += [wales - timedelta(1), wales, snapshot - timedelta(1), snapshot]
    return [*steps, last - timedelta(1), last, last + timedelta(5)]


def recomputed(discharge: Discharge, month: str, by: str, counted_to: date) -> Any:
    """The DTOC return as it was counted before the census: the window's episodes and all
    their facts, through the pure `returns.dtoc`."""
    discharge.facts.catch_up()
    period = Period.of(month, counted_to)
    episodes = []
    if period.last >= period.first:
        with discharge.engine.connect() as conn:
            episodes = list(in_window(conn, period.first, period.last))
    return returns.dtoc(episodes, month, by, discharge.rule, counted_to)


def served(discharge: Discharge, month: str, by: str, counted_to: date) -> Any:
    """The DTOC return as the service serves it "as known now" (from the census)."""
    return discharge.dtoc(month, by, now=moment_counted_to(counted_to))


CARE_TYPES = (("acute",), ("acute", "non_acute"))


def recomputed_drd(
    discharge: Discharge, month: str, by: str, counted_to: date, care: tuple[str, ...]
) -> list[dict[str, Any]]:
    """The DRD return as it was counted before the census (`returns.drd` of the window)."""
    discharge.facts.catch_up()
    period = Period.of(month, counted_to)
    episodes = []
    if period.last >= period.first:
        with discharge.engine.connect() as conn:
            episodes = list(in_window(conn, period.first, period.last, None, True))
    return returns.drd(episodes, month, by, care, counted_to)


def served_drd(
    discharge: Discharge, month: str, by: str, counted_to: date, care: tuple[str, ...]
) -> list[dict[str, Any]]:
    return discharge.drd(month, by, care_types=care, now=moment_counted_to(counted_to))


def cells(ret: returns.DtocReturn) -> dict[str, Any]:
    """Everything a DTOC return says: every published and JSON cell, its period and size."""
    return {
        "detail": returns.dtoc_detail(ret),
        "by_reason": returns.dtoc_reason_table(ret),
        "by_agency": returns.dtoc_agency_table(ret),
        "period": ret.period,
        "days_in_month": ret.days_in_month,
        "what": (ret.month, ret.by),
    }


def recomputed_pocd(discharge: Discharge, month: str, counted_to: date) -> list[dict[str, Any]]:
    """The PoCD census as it was counted before the census table: the census day's window."""
    discharge.facts.catch_up()
    day = third_wednesday(month)
    episodes = []
    if counted_to >= day:
        with discharge.engine.connect() as conn:
            episodes = list(in_window(conn, day, day))
    rule, maps = discharge.rule, discharge.dtoc_to_pocd
    return returns.pocd(episodes, month, rule, maps, counted_to)


def differences(
    discharge: Discharge, months: list[str], days: list[date] | None = None
) -> list[tuple[object, ...]]:
    """Each (return, month, by, counted_to[, care types]) whose served return differs from
    the recomputed one; `days`: the days counted to (each month's `counted_tos` if None)."""
    out: list[tuple[object, ...]] = []
    for month in months:
        for by in ("la", "provider"):
            for counted_to in counted_tos(month) if days is None else days:
                got = cells(served(discharge, month, by, counted_to))
                if got != cells(recomputed(discharge, month, by, counted_to)):
                    out.append(("dtoc", month, by, counted_to))
                if by == "la":  # PoCD has one grouping
                    got_pocd = discharge.pocd(month, now=moment_counted_to(counted_to))
                    if got_pocd != recomputed_pocd(discharge, month, counted_to):
                        out.append(("pocd", month, counted_to))
                for care in CARE_TYPES:
                    got_drd = served_drd(discharge, month, by, counted_to, care)
                    if got_drd != recomputed_drd(discharge, month, by, counted_to, care):
                        out.append(("drd", month, by, counted_to, care))
    return out


def census_rows(discharge: Discharge) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the maintained counts, in key order."""
    return every_row(discharge.engine, (episode_census, episode_leavings))
