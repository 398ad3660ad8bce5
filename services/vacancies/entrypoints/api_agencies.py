"""Home care agencies over HTTP: registration, the free hours an agency reports per zone and
time band (and confirms as still correct), councils' suspensions, and a broker's search by
zone and band. Thin, like api.py: check who asks, call the application, shape the answer."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, status

from events import bounds as b
from events.platform.access import Access, allowed
from events.platform.auth import Role
from events.platform.timeutil import utcnow
from services.vacancies import access_rules as r
from services.vacancies.access import deciding_council
from services.vacancies.bootstrap import Vacancies
from services.vacancies.domain.agency_words import HomeCareService, TimeBand
from services.vacancies.domain.home_care_agency import HomeCareAgency
from services.vacancies.entrypoints import agency_schemas as s
from services.vacancies.entrypoints.agency_views import agency_view
from services.vacancies.entrypoints.schemas import ResumePlacements, SuspendPlacements
from services.vacancies.entrypoints.views import history_view
from services.vacancies.projections.agency_search import AgencyCriteria

router = APIRouter(prefix="/vacancies/agencies", tags=["home care agencies"])


def _service(request: Request) -> Vacancies:
    return request.app.state.vacancies  # type: ignore[no-any-return]


Service = Annotated[Vacancies, Depends(_service)]


def _own(svc: Vacancies, who: Access, agency_id: uuid.UUID) -> None:
    who.owns(svc.app.agency(agency_id).provider_id, f"home care agency {agency_id}")


def _accepted(agency: HomeCareAgency) -> s.AgencyAccepted:
    return s.AgencyAccepted(agency_id=agency.id, version=agency.version)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=s.AgencyAccepted)
def register_agency(
    body: s.RegisterAgency, svc: Service, who: Annotated[Access, allowed(r.AGENCY_REGISTER)]
) -> s.AgencyAccepted:
    who.owns(body.provider_id, f"provider {body.provider_id}")
    details = body.model_dump(exclude={"occurred_at"}, mode="json")
    return _accepted(svc.app.register_agency(occurred_at=body.occurred_at or utcnow(), **details))


@router.get("/{agency_id}")
def get_agency(
    agency_id: uuid.UUID, svc: Service, who: Annotated[Access, allowed(r.AGENCY_READ)]
) -> dict[str, Any]:
    agency = svc.app.agency(agency_id)
    who.owns(agency.provider_id, f"home care agency {agency_id}")
    view = agency_view(agency, utcnow(), svc.settings.vacancy_fresh_hours)
    return {**view, "history": history_view(svc.app.agency_history(agency_id))}


@router.post(
    "/{agency_id}/capacity", status_code=status.HTTP_201_CREATED, response_model=s.AgencyAccepted
)
def report_capacity(
    agency_id: uuid.UUID,
    body: s.ReportCapacity,
    svc: Service,
    who: Annotated[Access, allowed(r.AGENCY_CAPACITY)],
) -> s.AgencyAccepted:
    _own(svc, who, agency_id)
    return _accepted(
        svc.app.report_capacity(
            agency_id,
            zone=body.zone,
            hours={band.value: hours for band, hours in body.hours.items()},
            available_from=body.available_from,
            double_handed=body.double_handed,
            reported_at=body.reported_at or utcnow(),
        )
    )


@router.post("/{agency_id}/confirm", response_model=s.AgencyAccepted)
def confirm_capacity(
    agency_id: uuid.UUID,
    svc: Service,
    who: Annotated[Access, allowed(r.AGENCY_CAPACITY)],
    body: s.ConfirmCapacity | None = None,
) -> s.AgencyAccepted:
    """The figures are still correct: each zone's report made again now (its freshness).
    No body: every zone reported, now."""
    _own(svc, who, agency_id)
    zones, at = (body.zones, body.confirmed_at) if body else (None, None)
    return _accepted(svc.app.confirm_capacity(agency_id, confirmed_at=at or utcnow(), zones=zones))


@router.post("/{agency_id}/suspension", response_model=s.AgencyAccepted)
def suspend_agency(
    agency_id: uuid.UUID,
    body: SuspendPlacements,
    svc: Service,
    who: Annotated[Access, allowed(r.AGENCY_COMMISSION)],
) -> s.AgencyAccepted:
    return _accepted(
        svc.app.suspend_agency(
            agency_id,
            reason=body.reason.value,
            note=body.note,
            occurred_at=body.occurred_at or utcnow(),
            council_code=deciding_council(who, body.council_code),
        )
    )


@router.post("/{agency_id}/resumption", response_model=s.AgencyAccepted)
def resume_agency(
    agency_id: uuid.UUID,
    body: ResumePlacements,
    svc: Service,
    who: Annotated[Access, allowed(r.AGENCY_COMMISSION)],
) -> s.AgencyAccepted:
    return _accepted(
        svc.app.resume_agency(
            agency_id,
            note=body.note,
            occurred_at=body.occurred_at or utcnow(),
            council_code=deciding_council(who, body.council_code),
        )
    )


@router.get("")
def search_agencies(
    svc: Service,
    who: Annotated[Access, allowed(r.AGENCIES_SEARCH)],
    zone: Annotated[b.ZoneCode | None, Query()] = None,
    band: TimeBand | None = None,
    council: Annotated[
        b.OnsCode | None, Query(description="the council's market; a broker's own if left out")
    ] = None,
    double_handed: bool = False,
    service: HomeCareService | None = None,
    max_report_age_hours: Annotated[b.ReportAgeHours | None, Query()] = None,
    include_suspended: bool = False,
) -> list[dict[str, Any]]:
    """Agencies with free hours a week in the zone (and band), most hours first, from fresh
    reports; those the broker's council suspended are left out unless asked for."""
    broker = who.organisation if who.role is Role.BROKER else None
    criteria = AgencyCriteria(
        now=utcnow(),
        max_report_age_hours=max_report_age_hours or svc.settings.vacancy_fresh_hours,
        council_code=council or broker,
        zone=zone,
        band=band.value if band else None,
        double_handed=double_handed,
        service=service.value if service else None,
        include_suspended=include_suspended,
        placing_for=broker,
    )
    return [asdict(m) for m in svc.search_agencies(criteria)]
