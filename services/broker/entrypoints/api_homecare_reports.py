"""What commissioners ask of the home care market, over HTTP, a council's at a time: the
capacity board by zone and time band, the unmet hours by zone and week, the agencies'
responsiveness, the packages sourced within 24 and 48 hours of readiness and the people
waiting by days. Counts only: a council's broker reads its own council's (another council's
answers 404), an analyst any council's; a provider how its own agencies answer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter

from events.bounds import OnsCode
from events.platform.access import Access, allowed
from events.platform.timeutil import utcnow
from services.broker import access_rules as r
from services.broker.entrypoints.deps import Service
from services.broker.projections import homecare_capacity as cap
from services.broker.projections import homecare_timeliness as tim

router = APIRouter(prefix="/broker/homecare", tags=["home care reports"])
C = "/councils/{council_code}"
Market = Annotated[Access, allowed(r.HOMECARE_MARKET)]


def _council(who: Access, council_code: str) -> str:
    council = council_code.strip().upper()
    who.owns(council, f"home care market of {council}")
    return council


@router.get(C + "/capacity")
def capacity_board(council_code: OnsCode, svc: Service, who: Market) -> list[dict[str, Any]]:
    """Each zone of the council and time band: hours a week reported free, held for
    packages, offered (reported less held; `stale` of them from old reports), requested by
    the packages not yet sourced, and the gap (offered less requested)."""
    c, fresh = _council(who, council_code), svc.settings.vacancy_fresh_hours
    return svc.packages.report(lambda conn: cap.capacity_board(conn, c, utcnow(), fresh))


@router.get(C + "/unmet")
def unmet_hours(council_code: OnsCode, svc: Service, who: Market) -> list[dict[str, Any]]:
    """Hours a week still to source, by zone and the week (Monday) the request was made."""
    c = _council(who, council_code)
    return svc.packages.report(lambda conn: cap.unmet_hours(conn, c))


@router.get(C + "/responsiveness")
def council_responsiveness(
    council_code: OnsCode, svc: Service, who: Market
) -> list[dict[str, Any]]:
    """Per agency, the council's offers: answered, median hours to answer, accept rate,
    declines by reason in words, escalated."""
    c = _council(who, council_code)
    return svc.packages.report(lambda conn: tim.agency_responsiveness(conn, c, None))


@router.get(C + "/sourced-within")
def sourced_within(council_code: OnsCode, svc: Service, who: Market) -> list[dict[str, Any]]:
    """By week of readiness: the packages whose hours were held within 24 and 48 hours."""
    c = _council(who, council_code)
    return svc.packages.report(lambda conn: tim.sourced_within(conn, c, utcnow()))


@router.get(C + "/waiting")
def waiting_by_days(council_code: OnsCode, svc: Service, who: Market) -> list[dict[str, Any]]:
    """The people with an open package request, by whole days since readiness."""
    c = _council(who, council_code)
    return svc.packages.report(lambda conn: tim.waiting_by_days(conn, c, utcnow()))


@router.get("/my-agencies/responsiveness")
def my_agencies_responsiveness(
    svc: Service, who: Annotated[Access, allowed(r.HOMECARE_MY_AGENCIES)]
) -> list[dict[str, Any]]:
    """For a provider: how its own agencies answered the packages offered to them, every
    council's offers together."""
    provider = who.rows_of
    return svc.packages.report(lambda conn: tim.agency_responsiveness(conn, None, provider))
