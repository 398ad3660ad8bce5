"""Request bodies of the discharge API: types and bounds here, the rules in the domain."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

Text = Annotated[str, Field(max_length=200)]
Code = Annotated[str, Field(min_length=1, max_length=20)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Admit(Body):
    reference: Annotated[
        str, Field(min_length=1, max_length=100, description="the trust's own episode id")
    ]
    provider_code: Code
    provider_name: Text
    site: Text = ""
    ward: Text = ""
    care_type: Literal["acute", "non_acute"]
    la_code: Code = Field(
        description="LA of residence; S92000003/W92000004/X for Scotland/Wales/outside GB"
    )
    la_name: Text
    nhs_number: Annotated[str, Field(max_length=12)] | None = None
    admitted_at: AwareDatetime
    command_id: Annotated[str, Field(max_length=100)] = ""


class Timed(Body):
    occurred_at: AwareDatetime | None = Field(None, description="when it happened; now if left out")
    command_id: Annotated[str, Field(max_length=100)] = Field("", description="makes retries safe")


class MarkReady(Timed):
    pathway: Literal["P0", "P1", "P2", "P3", "P3b"] | None = None
    setting: Literal["home", "care_home", "community_hospital", "hospice"] | None = Field(
        None, description="where the pathway leads; P2 to a care_home is brokered like P3"
    )
    clinically_ready: bool = True
    mdt_ready: bool = True
    safe_to_transfer: bool = True


class WithdrawReadiness(Timed):
    note: Text = ""


class Reason(Timed):
    vocabulary: Literal["dtoc", "sitrep", "pocd"] = "dtoc"
    code: Code
    agency: Literal["NHS", "Social Care", "Both"] | None = None
    owner_org: Text = ""
    owner_team: Text = ""


class OpenBlocker(Reason):
    blocker_id: Annotated[str, Field(min_length=1, max_length=64)] = Field(
        default_factory=lambda: uuid.uuid4().hex
    )


class ProgressAssessment(Timed):
    assessment_id: Annotated[str, Field(min_length=1, max_length=64)]
    kind: str
    stage: Literal["requested", "started", "completed"]
    outcome: Text = ""


class End(Timed):
    kind: Literal["discharged", "transferred", "died"]
    destination: Text = ""


class Accepted(BaseModel):
    episode_id: uuid.UUID
    version: int


# -- several steps of one episode recorded together (POST /discharge/episodes/{id}/steps) ---


class MarkReadyStep(MarkReady):
    method: Literal["mark_ready"]


class WithdrawReadinessStep(WithdrawReadiness):
    method: Literal["withdraw_readiness"]


class ReasonStep(OpenBlocker):
    method: Literal["set_delay_reason"]


class OpenBlockerStep(OpenBlocker):
    method: Literal["open_blocker"]


class CloseBlockerStep(Timed):
    method: Literal["close_blocker"]
    blocker_id: Annotated[str, Field(min_length=1, max_length=64)]


class ProgressAssessmentStep(ProgressAssessment):
    method: Literal["progress_assessment"]


class EndStep(End):
    method: Literal["end"]


AnyStep = Annotated[
    MarkReadyStep
    | WithdrawReadinessStep
    | ReasonStep
    | OpenBlockerStep
    | CloseBlockerStep
    | ProgressAssessmentStep
    | EndStep,
    Field(discriminator="method"),
]


class Steps(Body):
    steps: Annotated[list[AnyStep], Field(min_length=1, max_length=50)]
