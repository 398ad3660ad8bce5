"""Request bodies of the discharge API: types and bounds here, the rules in the domain."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from events import bounds as b
from services.discharge.domain.vocabulary import AssessmentKind

Code = Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9_.-]+$")]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Admit(Body):
    reference: Annotated[b.Reference, Field(description="the trust's own episode id")]
    provider_code: b.OdsCode
    provider_name: b.ShortText
    site: b.ShortText = ""
    ward: b.ShortText = ""
    care_type: Literal["acute", "non_acute"]
    la_code: b.LaOfResidence
    la_name: b.ShortText
    nhs_number: b.NhsNumber | None = None
    admitted_at: b.BusinessTime
    command_id: b.CommandId = ""


class Timed(Body):
    occurred_at: b.BusinessTime | None = Field(
        None, description="when it happened; now if left out"
    )
    command_id: b.CommandId = Field("", description="makes retries safe")


class MarkReady(Timed):
    pathway: Literal["P0", "P1", "P2", "P3", "P3b"] | None = None
    setting: Literal["home", "care_home", "community_hospital", "hospice"] | None = Field(
        None, description="where the pathway leads; P2 to a care_home is brokered like P3"
    )
    clinically_ready: bool = True
    mdt_ready: bool = True
    safe_to_transfer: bool = True


class WithdrawReadiness(Timed):
    note: b.Note = ""


class Reason(Timed):
    vocabulary: Literal["dtoc", "sitrep", "pocd"] = "dtoc"
    code: Code
    agency: Literal["NHS", "Social Care", "Both"] | None = None
    owner_org: b.ShortText = ""
    owner_team: b.ShortText = ""


class OpenBlocker(Reason):
    blocker_id: b.Ident = Field(default_factory=lambda: uuid.uuid4().hex)


class ProgressAssessment(Timed):
    assessment_id: b.Ident
    kind: AssessmentKind
    stage: Literal["requested", "started", "completed"]
    outcome: b.ShortText = ""


class End(Timed):
    kind: Literal["discharged", "transferred", "died"]
    destination: b.ShortText = ""


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
    blocker_id: b.Ident


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
