"""Request bodies of the home care agencies' API. Pydantic validates shape and ranges (422
naming the field); the domain checks what needs the agency's state or the council's zones."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import BaseModel, Field

from events import bounds as b
from services.vacancies.domain.agency_words import HomeCareService, TimeBand
from services.vacancies.entrypoints.schemas import Body

MAX_ZONES = 50  # a council has a few to a dozen zones (Staffordshire: 12)


class RegisterAgency(Body):
    cqc_location_id: b.CqcLocationId
    name: b.Name
    provider_id: b.ProviderId
    council_code: b.OnsCode = Field(description="the council whose home care market it is on")
    zones: Annotated[list[b.ZoneCode], Field(min_length=1, max_length=MAX_ZONES)] = Field(
        description="the council's zones the agency serves (events/reference/zones.csv)"
    )
    services: Annotated[list[HomeCareService], Field(min_length=1, max_length=2)]
    occurred_at: b.BusinessTime | None = None


class ReportCapacity(Body):
    zone: b.ZoneCode
    hours: Annotated[dict[TimeBand, b.WeeklyHours], Field(max_length=4)] = Field(
        description="free hours a week the agency can start, by time band; bands left out: none"
    )
    available_from: b.StartDate
    double_handed: bool = Field(False, description="whether it can staff calls needing two carers")
    reported_at: b.BusinessTime | None = None


class ConfirmCapacity(Body):
    zones: Annotated[list[b.ZoneCode], Field(min_length=1, max_length=MAX_ZONES)] | None = Field(
        None,
        description="the zones whose figures are still correct; every zone reported if left out",
    )
    confirmed_at: b.BusinessTime | None = None


class AgencyAccepted(BaseModel):
    agency_id: uuid.UUID
    version: int
