"""Request bodies of the broker API: types and bounds here, the rules in the domain."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from events import bounds as b

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
    occurred_at: b.BusinessTime | None = Field(
        None, description="when it happened (not in the future); now if left out"
    )


class Needs(Timed):
    registration: Registration
    care_category: CareCategory
    specialisms: Annotated[list[Specialism], Field(max_length=10)] = []
    preferred_localities: Annotated[list[b.Name], Field(max_length=20)] = []
    preferred_home_ids: Annotated[list[uuid.UUID], Field(max_length=30)] = Field(
        [], description="the person's own choice of homes"
    )
    funding: Funding
    urgency: Urgency = "routine"


class OpenRequest(Needs):
    council_code: b.OnsCode | None = Field(
        None, description="the council placing the person: a broker's own if left out"
    )
    request_id: uuid.UUID | None = Field(None, description="give one to make retries safe")
    episode_id: uuid.UUID | None = None
    location: Literal["hospital", "community"] = "community"


class Refer(Timed):
    home_ids: Annotated[list[uuid.UUID], Field(min_length=1, max_length=30)]
    answer_within_hours: b.HoldHours = 24
    referral_ids: Annotated[list[b.Ident], Field(max_length=30)] | None = Field(
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
    on: b.PlannedDate


class CompleteAssessment(Timed):
    home_id: uuid.UUID
    can_meet_needs: bool


class OfferBed(Timed):
    home_id: uuid.UUID
    weekly_fee: Annotated[b.Money, Field(gt=0)]
    top_up: b.Money = 0
    offer_id: uuid.UUID | None = Field(None, description="give one to make retries safe")


class DeclineOffer(Timed):
    reason: Literal["family_choice", "location", "fee_top_up", "needs", "other"]


class BookAdmission(Timed):
    on: b.PlannedDate


class Admit(Timed):
    interim: bool = False


class Cancel(Timed):
    reason: Literal["died", "went_home", "needs_changed", "moved_away"]


class Accepted(BaseModel):
    request_id: uuid.UUID
    version: int
    stage: str
