"""A provider's own home care agencies over HTTP: the list its "My agencies" page is drawn
from, each as GET /vacancies/agencies/{id} shows it (each zone's last report with its age
and freshness, the hours held for packages). The agency index gives the provider's agencies;
each is read from its aggregate so the page shows the report the provider has just made."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from sqlalchemy import select

from events.platform.access import Access, allowed
from events.platform.timeutil import utcnow
from services.vacancies import access_rules as r
from services.vacancies.bootstrap import Vacancies
from services.vacancies.entrypoints.agency_views import agency_view
from services.vacancies.projections.agency_tables import agencies

router = APIRouter(prefix="/vacancies", tags=["home care agencies"])


def _service(request: Request) -> Vacancies:
    return request.app.state.vacancies  # type: ignore[no-any-return]


@router.get("/own-agencies")
def list_own_agencies(
    svc: Annotated[Vacancies, Depends(_service)],
    who: Annotated[Access, allowed(r.AGENCIES_OWN)],
) -> list[dict[str, Any]]:
    """The caller's own agencies (a provider's; an admin's: every agency), by name."""
    svc.agencies.catch_up()  # an agency registered a moment ago is listed
    query = select(agencies.c.agency_id).order_by(agencies.c.name, agencies.c.agency_id)
    if (owner := who.rows_of) is not None:
        query = query.where(agencies.c.provider_id == owner)
    with svc.engine.connect() as conn:
        ids = [uuid.UUID(row.agency_id) for row in conn.execute(query)]
    now, fresh = utcnow(), svc.settings.vacancy_fresh_hours
    return [agency_view(svc.app.agency(agency_id), now, fresh) for agency_id in ids]
