"""The returns in their published layouts, as rows and as CSV: one definition that the CLI
(`carebridge returns ...`) and the API's CSV downloads (`GET /discharge/returns/{kind}.csv`)
both print, so a file downloaded from the dashboard equals the one the CLI writes."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from services.discharge.domain import returns as r
from services.discharge.domain.calendar import WHOLE_MONTH, Period, month_bounds

if TYPE_CHECKING:  # the CLI imports this module before it wires a service
    from services.discharge.bootstrap import Discharge


class DtocTable(StrEnum):
    reason = "reason"
    agency = "agency"


Care = tuple[str, ...]  # the bed types counted
ACUTE = ("acute",)
ALL_BEDS = ("acute", "non_acute")


def care_types(include_non_acute: bool) -> Care:
    return ALL_BEDS if include_non_acute else ACUTE


def dtoc_rows(
    svc: Discharge, month: str, by: str, table: DtocTable, as_at: datetime | None, now: datetime
) -> tuple[list[dict[str, Any]], Period, int]:
    """The DTOC return's published table, its period, and the delayed days without a reason
    (not counted, so said beside the table)."""
    ret = svc.dtoc(month, by, as_at, now)
    rows = r.dtoc_reason_table(ret) if table is DtocTable.reason else r.dtoc_agency_table(ret)
    return rows, ret.period, ret.england.unrecorded


def drd_rows(
    svc: Discharge,
    month: str,
    by: str,
    as_at: datetime | None,
    care: tuple[str, ...],
    now: datetime,
) -> tuple[list[dict[str, Any]], Period]:
    return svc.drd(month, by, as_at, care, now), svc.period(month, as_at, now)


def nctr_rows(
    svc: Discharge, month: str, as_at: datetime | None, care: Care, now: datetime
) -> tuple[list[dict[str, Any]], Period]:
    first, last = month_bounds(month)
    return svc.nctr(first, last, as_at, care, now), svc.period(month, as_at, now)


def pocd_rows(
    svc: Discharge, month: str, as_at: datetime | None, now: datetime
) -> tuple[list[dict[str, Any]], Period]:
    return svc.pocd(month, as_at, now), svc.period(month, as_at, now)


def published_csv(rows: list[dict[str, Any]], period: Period) -> str:
    """The rows as published; a month not yet over says which days it counts in a title row
    above them (a month that has ended is exactly as published)."""
    out = io.StringIO()
    if period.status != WHOLE_MONTH:
        csv.writer(out, lineterminator="\n").writerow(["Period:", period.label])
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()
