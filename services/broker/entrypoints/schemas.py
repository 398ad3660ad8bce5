"""Request bodies of the broker API: types and bounds here, the rules in the domain."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

Registration = Literal["residential", "nursing"]
CareCategory = Literal[
    "older_people",
    "dementia",
    "learning_disability_autism",
    "mental_health",
    "physical_disability_sensory",
]
Specialism = Literal["bariatric", "dementia_nursing", "complex_needs"]
Funding = Literal["council", "nhs_chc", "joint", "fnc", "self_funder", "third_party_top_up"]
Urgency = Literal["routine", "urgent", "immediate"]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Timed(Body):
    occurred_at: AwareDatetime | None = Field(
        None, description="when it happened (not in the future); now if left out"
    )


class Needs(Timed):
    registration: Registration
    care_category: CareCategory
    specialisms: list[Specialism] = []
    preferred_localities: list[Annotated[str, Field(max_length=100)]] = []
    preferred_home_ids: list[uuid.UUID] = Field([], description="the person's own choice of homes")
    funding: Funding
    urgency: Urgency = "routine"


class OpenRequest(Needs):
    request_id: uuid.UUID | None = Field(None, description="give one to make retries safe")
    episode_id: uuid.UUID | None = None
    location: Literal["hospital", "community"] = "community"


class Refer(Timed):
    home_ids: Annotated[list[uuid.UUID], Field(min_length=1, max_length=30)]
    answer_within_hours: Annotated[float, Field(gt=0, le=24 * 14)] = 24
    referral_ids: list[Annotated[str, Field(min_length=1, max_length=64)]] | None = Field(
        None, description="one per home, chosen by the caller: makes retries safe"
    )


class Answer(Timed):
    accept: bool
    reason: (
        Literal["no_suitable_bed", "cannot_meet_needs", "fee", "staffing", "out_of_area", "other"]
        | None
    ) = None


class BookAssessment(Timed):
    home_id: uuid.UUID
    assessor: Literal["home", "trusted_assessor"] = "home"
    on: date


class CompleteAssessment(Timed):
    home_id: uuid.UUID
    can_meet_needs: bool


class OfferBed(Timed):
    home_id: uuid.UUID
    weekly_fee: Annotated[float, Field(gt=0, le=20000)]
    top_up: Annotated[float, Field(ge=0, le=20000)] = 0
    offer_id: uuid.UUID | None = Field(None, description="give one to make retries safe")


class DeclineOffer(Timed):
    reason: Literal["family_choice", "location", "fee_top_up", "needs", "other"]


class BookAdmission(Timed):
    on: date


class Admit(Timed):
    interim: bool = False


class Cancel(Timed):
    reason: Literal["died", "went_home", "needs_changed", "moved_away"]


class Accepted(BaseModel):
    request_id: uuid.UUID
    version: int
    stage: str
