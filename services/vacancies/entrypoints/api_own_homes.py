"""A provider's own homes over HTTP: the list its "My homes" page is drawn from (each home's
registration, free and held beds per bed type, when it last reported). Confirming figures as
still correct is a report of the same figures (POST /vacancies/homes/{id}/vacancies): the
report's time is what a broker's search reads as its freshness."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from events.platform.access import Access, allowed
from events.platform.timeutil import utcnow
from services.vacancies import access_rules as r
from services.vacancies.bootstrap import Vacancies
from services.vacancies.projections.own_homes import own_homes

router = APIRouter(prefix="/vacancies", tags=["vacancies"])


def _service(request: Request) -> Vacancies:
    return request.app.state.vacancies  # type: ignore[no-any-return]


@router.get("/homes")
def list_own_homes(
    svc: Annotated[Vacancies, Depends(_service)],
    who: Annotated[Access, allowed(r.HOMES_OWN)],
) -> list[dict[str, Any]]:
    """The caller's own homes (a provider's; an admin's: every home), by name."""
    svc.index.catch_up()  # a provider sees the report it has just made
    with svc.engine.connect() as conn:
        return [asdict(h) for h in own_homes(conn, who.rows_of, utcnow())]
