"""Request bodies of the package routes: types and bounds here (events/bounds: calls a day,
minutes a call, a start from a week ago to six months ahead, zone codes), the rules in the
domain, so a value a real package cannot have is a 422 naming the field."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import Field

from events import bounds as b
from services.broker.entrypoints.schemas import Body, Timed, Urgency

TimeBand = Literal["morning", "lunch", "tea", "bed"]
CareService = Literal["reablement", "long_term"]
AgencyDecline = Literal[
    "no_capacity_in_zone", "no_staff_for_time_band", "no_double_handed", "cannot_meet_needs",
    "other",
]  # fmt: skip
PersonDecline = Literal["family_choice", "call_times", "agency", "needs", "other"]
FallThrough = Literal["agency_withdrew", "staffing", "person_not_ready", "needs_changed", "other"]
PackageCancel = Literal[
    "died", "needs_changed", "went_to_a_bed", "no_longer_needed", "moved_away", "left_hospital"
]  # fmt: skip


class Care(Body):
    calls_a_day: b.CallsADay
    call_bands: Annotated[list[TimeBand], Field(min_length=1, max_length=4)] = Field(
        description="the time band of each call, one call a band"
    )
    minutes_a_call: b.CallMinutes
    double_handed: bool = False
    service: CareService
    start_on: b.StartDate
    zone: b.ZoneCode | None = Field(
        None, description="the person's zone; found from `postcode` if left out"
    )
    postcode: b.Postcode | None = Field(None, description="where the person lives")


class Needs(Timed):
    care: Care
    urgency: Urgency = "urgent"


class OpenPackage(Timed):
    council_code: b.OnsCode | None = Field(
        None, description="the council funding the care: a broker's own if left out"
    )
    request_id: uuid.UUID | None = Field(None, description="give one to make retries safe")
    location: Literal["hospital", "community"] = "community"
    urgency: Urgency = "urgent"
    care: Care
    follows: uuid.UUID | None = Field(
        None, description="the request this one follows (long-term care after reablement)"
    )


class OfferPackage(Timed):
    agency_ids: Annotated[list[uuid.UUID], Field(min_length=1, max_length=30)]
    answer_within_hours: b.HoldHours = 24
    offer_ids: Annotated[list[b.Ident], Field(max_length=30)] | None = Field(
        None, description="one per agency, chosen by the caller: makes retries safe"
    )


class AnswerOffer(Timed):
    accept: bool
    reason: AgencyDecline | None = Field(None, description="why not, when declining")


class HoldHours(Timed):
    agency_id: uuid.UUID = Field(description="an agency that accepted the package")
    hold_id: uuid.UUID | None = Field(None, description="give one to make retries safe")


class DeclinePackage(Timed):
    reason: PersonDecline


class BookStart(Timed):
    on: b.PlannedDate


class FallThroughBody(Timed):
    reason: FallThrough


class CancelPackage(Timed):
    reason: PackageCancel
