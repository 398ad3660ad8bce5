"""Request and response bodies of the vacancies API. Pydantic validates shape and ranges
(422 naming the field); the domain checks what needs the home's state."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, NonNegativeInt, PositiveInt

from services.vacancies.domain.vocabulary import (
    CareCategory,
    CqcRating,
    Registration,
    Specialism,
    SuspensionReason,
)

Name = Annotated[str, Field(min_length=1, max_length=200)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RegisterCareHome(Body):
    cqc_location_id: Annotated[str, Field(min_length=3, max_length=40, pattern=r"^1-\d+$")]
    name: Name
    provider_id: Annotated[str, Field(min_length=1, max_length=100)]
    local_authority_code: Annotated[str, Field(pattern=r"^[EWSN]\d{8}$")]
    local_authority_name: Name
    locality: Name
    postcode: Annotated[str, Field(min_length=5, max_length=8)]
    latitude: Annotated[float, Field(ge=-90, le=90)]
    longitude: Annotated[float, Field(ge=-180, le=180)]
    registered_beds: PositiveInt
    registrations: Annotated[list[Registration], Field(min_length=1)]
    care_categories: Annotated[list[CareCategory], Field(min_length=1)]
    specialisms: list[Specialism] = []
    occurred_at: AwareDatetime | None = None


class ChangeDetails(Body):
    name: Name | None = None
    locality: Name | None = None
    postcode: Annotated[str, Field(min_length=5, max_length=8)] | None = None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None
    registered_beds: PositiveInt | None = None
    registrations: Annotated[list[Registration], Field(min_length=1)] | None = None
    care_categories: Annotated[list[CareCategory], Field(min_length=1)] | None = None
    specialisms: list[Specialism] | None = None
    expected_version: PositiveInt | None = Field(None, description="409 if the home has moved on")
    occurred_at: AwareDatetime | None = None


class ChangeRating(Body):
    rating: CqcRating
    rated_on: date
    occurred_at: AwareDatetime | None = None


class SuspendPlacements(Body):
    reason: SuspensionReason
    note: Annotated[str, Field(max_length=500)] = ""
    occurred_at: AwareDatetime | None = None


class ResumePlacements(Body):
    note: Annotated[str, Field(max_length=500)] = ""
    occurred_at: AwareDatetime | None = None


class AnnounceClosure(Body):
    closing_on: date
    occurred_at: AwareDatetime | None = None


class ReportVacancies(Body):
    free_beds: dict[str, NonNegativeInt] = Field(
        description="free beds by bed type (`<registration>-<category>`); types left out have none"
    )
    reported_at: AwareDatetime | None = None


class ReserveBed(Body):
    bed_type: Annotated[str, Field(min_length=3, max_length=60)]
    reference: Annotated[str, Field(min_length=1, max_length=100)]
    reservation_id: uuid.UUID | None = Field(None, description="give one to make retries safe")
    hold_hours: Annotated[float, Field(gt=0, le=24 * 14)] | None = None


class ReleaseReservation(Body):
    reason: Annotated[str, Field(max_length=200)] = ""


class Accepted(BaseModel):
    home_id: uuid.UUID
    version: int


class Reservation(BaseModel):
    reservation_id: uuid.UUID
    home_id: uuid.UUID
    bed_type: str
    expires_at: datetime
