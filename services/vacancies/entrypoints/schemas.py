"""Request and response bodies of the vacancies API. Pydantic validates shape and ranges
(422 naming the field); the domain checks what needs the home's state."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PositiveInt

from events import bounds as b
from services.vacancies.domain.vocabulary import (
    CareCategory,
    CqcRating,
    Registration,
    Specialism,
    SuspensionReason,
)


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RegisterCareHome(Body):
    cqc_location_id: b.CqcLocationId
    name: b.Name
    provider_id: b.ProviderId
    local_authority_code: b.OnsCode
    local_authority_name: b.Name
    locality: b.Name
    postcode: b.Postcode
    latitude: b.Latitude
    longitude: b.Longitude
    registered_beds: b.Beds
    registrations: Annotated[list[Registration], Field(min_length=1, max_length=10)]
    care_categories: Annotated[list[CareCategory], Field(min_length=1, max_length=10)]
    specialisms: Annotated[list[Specialism], Field(max_length=10)] = []
    occurred_at: b.BusinessTime | None = None


class ChangeDetails(Body):
    name: b.Name | None = None
    locality: b.Name | None = None
    postcode: b.Postcode | None = None
    latitude: b.Latitude | None = None
    longitude: b.Longitude | None = None
    registered_beds: b.Beds | None = None
    registrations: Annotated[list[Registration], Field(min_length=1, max_length=10)] | None = None
    care_categories: Annotated[list[CareCategory], Field(min_length=1, max_length=10)] | None = None
    specialisms: Annotated[list[Specialism], Field(max_length=10)] | None = None
    expected_version: Annotated[PositiveInt, Field(le=2**31)] | None = Field(
        None, description="409 if the home has moved on"
    )
    occurred_at: b.BusinessTime | None = None


class ChangeRating(Body):
    rating: CqcRating
    rated_on: b.PastDate
    occurred_at: b.BusinessTime | None = None


class SuspendPlacements(Body):
    reason: SuspensionReason
    note: b.Note = ""
    council_code: b.OnsCode | None = Field(
        None,
        description="the council whose placements it is for: a broker's own if left out; "
        "an administrator leaving it out acts for every council",
    )
    occurred_at: b.BusinessTime | None = None


class ResumePlacements(Body):
    note: b.Note = ""
    council_code: b.OnsCode | None = Field(
        None,
        description="the council whose placements it is for: a broker's own if left out; "
        "an administrator leaving it out acts for every council",
    )
    occurred_at: b.BusinessTime | None = None


class AnnounceClosure(Body):
    closing_on: b.PlannedDate
    occurred_at: b.BusinessTime | None = None


class ReportVacancies(Body):
    free_beds: Annotated[dict[b.BedType, b.FreeBeds], Field(max_length=50)] = Field(
        description="free beds by bed type (`<registration>-<category>`); types left out have none"
    )
    reported_at: b.BusinessTime | None = None


class ReserveBed(Body):
    bed_type: b.BedType
    reference: b.Reference
    reservation_id: uuid.UUID | None = Field(None, description="give one to make retries safe")
    hold_hours: b.HoldHours | None = None


class ReleaseReservation(Body):
    reason: b.ShortText = ""


class Accepted(BaseModel):
    home_id: uuid.UUID
    version: int


class Reservation(BaseModel):
    reservation_id: uuid.UUID
    home_id: uuid.UUID
    bed_type: str
    expires_at: datetime
