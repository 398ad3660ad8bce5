"""The returns over HTTP: each return's rows as JSON (`GET /discharge/returns/{kind}`) and in
its published layout as CSV (`GET /discharge/returns/{kind}.csv`, the same file the CLI
writes), with the days counted in a header. Returns are published statistics: every trust,
ICB and analyst reads them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from events.platform.access import Access, allowed
from services.discharge import access_rules as r
from services.discharge.bootstrap import Discharge
from services.discharge.domain.calendar import Period, month_bounds
from services.discharge.domain.returns import dtoc_detail
from services.discharge.entrypoints import published as p
from services.discharge.entrypoints.api import AsAt, Month, Service

router = APIRouter(prefix="/discharge", tags=["discharge returns"])
By = Literal["la", "provider"]
NonAcute = Annotated[bool, Query(description="count non-acute beds too")]

# Every return says which days it counted in a header, so the body stays the list of rows
# clients already read: a month in progress counts only the midnights that have passed.
PERIOD_HEADER = "X-Carebridge-Period"
PERIOD_DOC = (
    f"The body is the list of rows. The `{PERIOD_HEADER}` response header says which days were "
    "counted: `whole month, 2019-12-01 to 2019-12-31` for a month that has ended; "
    "`month to date, to 2026-12-03` for the month in progress, which counts only the days whose "
    "midnight (24:00 UK time) has passed, by now or by `as_at` if that is earlier (`month to "
    "date, no midnight passed yet` on its first day); `future month, nothing counted` for a "
    "month to come. `GET /discharge/returns/period` gives the same as JSON."
)
PERIOD_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "headers": {
            PERIOD_HEADER: {
                "description": "the days counted, e.g. `month to date, to 2026-12-03`",
                "schema": {"type": "string"},
            }
        }
    }
}


class CountedPeriod(BaseModel):
    month: str
    status: str  # "whole month", "month to date" or "future month"
    first_day: date
    last_day: date | None  # None: no day counted yet
    days_counted: int
    label: str  # as in the header and the CLI's CSV title row
    note: str  # for people: "Month to date: 1-3 December 2026"


def _counted(svc: Discharge, response: Response, month: str, as_at: datetime | None) -> datetime:
    """Say which days the return counts, and give the `now` it must be counted at."""
    now = svc.now()
    response.headers[PERIOD_HEADER] = svc.period(month, as_at, now).label
    return now


@router.get("/returns/period", response_model=CountedPeriod, responses=PERIOD_RESPONSE)
def counted_period(
    svc: Service,
    who: Annotated[Access, allowed(r.RETURNS)],
    response: Response,
    month: Month,
    as_at: AsAt = None,
) -> CountedPeriod:
    """The days of `month` every return counts now (or as at `as_at`): all of a month that has
    ended, those whose midnight has passed of the month in progress, none of a month to come."""
    period = svc.period(month, as_at)
    response.headers[PERIOD_HEADER] = period.label
    return CountedPeriod(
        month=month,
        status=period.status,
        first_day=period.first,
        last_day=period.last if period.days else None,
        days_counted=period.days,
        label=period.label,
        note=period.note,
    )


@router.get(
    "/returns/dtoc",
    description=f"England delayed transfers of care: delayed days by reason, agency. {PERIOD_DOC}",
    responses=PERIOD_RESPONSE,
)
def dtoc_return(
    svc: Service,
    who: Annotated[Access, allowed(r.RETURNS)],
    response: Response,
    month: Month,
    by: By = "la",
    as_at: AsAt = None,
) -> list[dict[str, Any]]:
    now = _counted(svc, response, month, as_at)
    return dtoc_detail(svc.dtoc(month, by, as_at, now))


@router.get(
    "/returns/drd",
    description=f"Discharge ready date timeliness: the month's discharges by delay. {PERIOD_DOC}",
    responses=PERIOD_RESPONSE,
)
def drd_return(
    svc: Service,
    who: Annotated[Access, allowed(r.RETURNS)],
    response: Response,
    month: Month,
    by: By = "provider",
    as_at: AsAt = None,
    include_non_acute: NonAcute = False,
) -> list[dict[str, Any]]:
    now = _counted(svc, response, month, as_at)
    return svc.drd(month, by, as_at, p.care_types(include_non_acute), now)


@router.get(
    "/returns/nctr",
    description=f"No criteria to reside, per provider per day. {PERIOD_DOC}",
    responses=PERIOD_RESPONSE,
)
def nctr_return(
    svc: Service,
    who: Annotated[Access, allowed(r.RETURNS)],
    response: Response,
    month: Month,
    as_at: AsAt = None,
    include_non_acute: NonAcute = False,
) -> list[dict[str, Any]]:
    now = _counted(svc, response, month, as_at)
    return svc.nctr(*month_bounds(month), as_at, p.care_types(include_non_acute), now)


@router.get(
    "/returns/pocd",
    description=f"Wales Pathway of Care Delays census (third Wednesday). {PERIOD_DOC}",
    responses=PERIOD_RESPONSE,
)
def pocd_return(
    svc: Service,
    who: Annotated[Access, allowed(r.RETURNS)],
    response: Response,
    month: Month,
    as_at: AsAt = None,
) -> list[dict[str, Any]]:
    now = _counted(svc, response, month, as_at)
    return svc.pocd(month, as_at, now)


CSV_DOC = (
    "The return in its published layout as CSV, exactly as `carebridge returns` writes it; a "
    "month not yet over has a `Period:` title row above the header."
)


def _csv(text: str, period: Period, name: str) -> Response:
    headers = {
        PERIOD_HEADER: period.label,
        "Content-Disposition": f'attachment; filename="{name}.csv"',
    }
    return Response(text, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/returns/dtoc.csv", description=CSV_DOC, response_class=Response)
def dtoc_csv(
    svc: Service,
    who: Annotated[Access, allowed(r.RETURNS)],
    month: Month,
    by: By = "la",
    table: p.DtocTable = p.DtocTable.reason,
    as_at: AsAt = None,
) -> Response:
    rows, period, _ = p.dtoc_rows(svc, month, by, table, as_at, svc.now())
    return _csv(p.published_csv(rows, period), period, f"dtoc-{month}-by-{by}-{table.value}")


@router.get("/returns/drd.csv", description=CSV_DOC, response_class=Response)
def drd_csv(
    svc: Service,
    who: Annotated[Access, allowed(r.RETURNS)],
    month: Month,
    by: By = "provider",
    as_at: AsAt = None,
    include_non_acute: NonAcute = False,
) -> Response:
    care = p.care_types(include_non_acute)
    rows, period = p.drd_rows(svc, month, by, as_at, care, svc.now())
    return _csv(p.published_csv(rows, period), period, f"drd-{month}-by-{by}")


@router.get("/returns/nctr.csv", description=CSV_DOC, response_class=Response)
def nctr_csv(
    svc: Service,
    who: Annotated[Access, allowed(r.RETURNS)],
    month: Month,
    as_at: AsAt = None,
    include_non_acute: NonAcute = False,
) -> Response:
    care = p.care_types(include_non_acute)
    rows, period = p.nctr_rows(svc, month, as_at, care, svc.now())
    return _csv(p.published_csv(rows, period), period, f"nctr-{month}")


@router.get("/returns/pocd.csv", description=CSV_DOC, response_class=Response)
def pocd_csv(
    svc: Service, who: Annotated[Access, allowed(r.RETURNS)], month: Month, as_at: AsAt = None
) -> Response:
    rows, period = p.pocd_rows(svc, month, as_at, svc.now())
    return _csv(p.published_csv(rows, period), period, f"pocd-{month}")
