"""What the vacancies service publishes about care homes (topic `topics.CARE_HOMES`).

Vocabularies travel as plain strings so a new value does not break older readers:
registrations `residential`/`nursing`; care categories `older_people`, `dementia`,
`learning_disability_autism`, `mental_health`, `physical_disability_sensory`; specialisms
`bariatric`, `dementia_nursing`, `complex_needs`; CQC ratings `outstanding`, `good`,
`requires_improvement`, `inadequate`; a bed type is `<registration>-<category>`.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import Field

from events.registry import Payload, contract, upcaster

SOURCE = "vacancies"


@contract
class CareHomeRegistered(Payload):
    """A care home joined the market register."""

    event_type = "vacancies.CareHomeRegistered"
    cqc_location_id: str
    name: str
    provider_id: str = Field(description="the provider organisation that runs the home")
    local_authority_code: str
    local_authority_name: str
    locality: str
    postcode: str
    latitude: float
    longitude: float
    registered_beds: int
    registrations: list[str]
    care_categories: list[str]
    specialisms: list[str]


@contract
class CareHomeDetailsChanged(Payload):
    """Some of a home's details changed; fields left out did not change."""

    event_type = "vacancies.CareHomeDetailsChanged"
    name: str | None = None
    locality: str | None = None
    postcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    registered_beds: int | None = None
    registrations: list[str] | None = None
    care_categories: list[str] | None = None
    specialisms: list[str] | None = None


@contract
class CqcRatingChanged(Payload):
    """The regulator published a new overall rating."""

    event_type = "vacancies.CqcRatingChanged"
    rating: str
    rated_on: date


@contract
class PlacementsSuspendedV1(Payload):
    """Version 1, still in topics: the host council's suspension of the whole home. Upcast to
    version 2 on reading, as a suspension for every council (what it meant)."""

    event_type = "vacancies.PlacementsSuspended"
    reason: str = Field(description="cqc_inadequate, escalating_concerns, safeguarding, other")
    note: str = ""


@contract
class PlacementsSuspended(Payload):
    """The home takes no new placements of `council_code` until that council resumes them;
    every other council may still place there. `council_code` None: of every council (rated
    Inadequate, or an administrator acting for all).

    Version 2 adds `council_code`: each council decides for its own placements."""

    event_type = "vacancies.PlacementsSuspended"
    schema_version = 2
    reason: str = Field(description="cqc_inadequate, escalating_concerns, safeguarding, other")
    note: str = ""
    council_code: str | None = Field(
        None, description="ONS code of the council whose placements stop; null: every council"
    )


@upcaster("vacancies.PlacementsSuspended", 1)
def _suspended_v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "council_code": None}


@contract
class PlacementsResumedV1(Payload):
    """Version 1, still in topics: the whole home's suspension lifted. Upcast to version 2."""

    event_type = "vacancies.PlacementsResumed"
    note: str = ""


@contract
class PlacementsResumed(Payload):
    """The home takes new placements of `council_code` again (None: the suspension for every
    council is lifted; suspensions of single councils stand until each lifts its own).

    Version 2 adds `council_code`."""

    event_type = "vacancies.PlacementsResumed"
    schema_version = 2
    note: str = ""
    council_code: str | None = Field(
        None, description="ONS code of the council whose suspension ends; null: every council's"
    )


@upcaster("vacancies.PlacementsResumed", 1)
def _resumed_v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "council_code": None}


@contract
class ClosureAnnounced(Payload):
    """The home will close; it takes no new placements from now on."""

    event_type = "vacancies.ClosureAnnounced"
    closing_on: date


@contract
class VacanciesReported(Payload):
    """A full snapshot of the home's free beds by bed type at `reported_at`.
    Bed types left out have no free bed."""

    event_type = "vacancies.VacanciesReported"
    reported_at: datetime
    free_beds: dict[str, int]


@contract
class BedReserved(Payload):
    """One free bed is held for a placement until `expires_at`."""

    event_type = "vacancies.BedReserved"
    reservation_id: uuid.UUID
    bed_type: str
    reference: str = Field(description="what the bed is held for, e.g. a placement request id")
    reserved_by: str
    expires_at: datetime


@contract
class ReservationReleased(Payload):
    """A held bed is free again (the offer fell through)."""

    event_type = "vacancies.ReservationReleased"
    reservation_id: uuid.UUID
    reason: str = ""


@contract
class ReservationExpired(Payload):
    """A hold lapsed without an admission; the bed is free again."""

    event_type = "vacancies.ReservationExpired"
    reservation_id: uuid.UUID


@contract
class BedOccupied(Payload):
    """The person was admitted: the held bed is now occupied."""

    event_type = "vacancies.BedOccupied"
    reservation_id: uuid.UUID


@contract
class ReservationRefused(Payload):
    """Saga answer: a requested hold could not be made (no free bed of that type, the home is
    suspended or closing, or the offer was already withdrawn)."""

    event_type = "vacancies.ReservationRefused"
    reservation_id: uuid.UUID
    bed_type: str
    reference: str
    reserved_by: str
    reason: str
