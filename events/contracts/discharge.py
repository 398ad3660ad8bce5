"""What the discharge service publishes about hospital episodes (topic `topics.EPISODES`).

Data protection: these events identify an episode by its id only. They never carry the NHS
number, the patient's name or date of birth. Vocabularies travel as plain strings: care type
`acute`/`non_acute`; pathway `P0`-`P3`, `P3b`; reason vocabularies `dtoc` (England DTOC codes
A-O with agency `NHS`, `Social Care`, `Both`), `sitrep`, `pocd` (Wales).
"""

from __future__ import annotations

from pydantic import Field

from events.registry import Payload, contract

SOURCE = "discharge"


@contract
class EpisodeAdmitted(Payload):
    """An adult inpatient stay began; `occurred_at` is the admission time."""

    event_type = "discharge.EpisodeAdmitted"
    provider_code: str = Field(description="ODS code of the trust")
    provider_name: str
    site: str
    ward: str
    care_type: str = Field(description="acute or non_acute")
    la_code: str = Field(
        description="local authority of residence (or a Scotland/Wales/outside-GB code)"
    )
    la_name: str


@contract
class BecameReady(Payload):
    """The patient is ready for discharge: clinically ready, MDT agreed and safe to transfer.
    The discharge ready date is the start of the final such period."""

    event_type = "discharge.BecameReady"
    pathway: str | None = Field(None, description="P0, P1, P2, P3 or P3b")


@contract
class ReadinessWithdrawn(Payload):
    """The patient deteriorated and meets the criteria to reside again."""

    event_type = "discharge.ReadinessWithdrawn"
    note: str = ""


@contract
class DelayReasonSet(Payload):
    """The reason of record changed: earlier open blockers in this vocabulary closed and this
    one opened."""

    event_type = "discharge.DelayReasonSet"
    blocker_id: str
    vocabulary: str
    code: str
    agency: str | None = None
    owner_org: str = ""
    owner_team: str = ""


@contract
class BlockerOpened(Payload):
    """One more cause of the delay, beside the ones already open."""

    event_type = "discharge.BlockerOpened"
    blocker_id: str
    vocabulary: str
    code: str
    agency: str | None = None
    owner_org: str = ""
    owner_team: str = ""


@contract
class BlockerClosed(Payload):
    """A cause of delay was resolved."""

    event_type = "discharge.BlockerClosed"
    blocker_id: str


@contract
class AssessmentProgressed(Payload):
    """An assessment was requested, started or completed."""

    event_type = "discharge.AssessmentProgressed"
    assessment_id: str
    kind: str = Field(description="care_act, chc_checklist, chc_full, chc_fast_track, therapy, ...")
    stage: str = Field(description="requested, started or completed")
    outcome: str = ""


@contract
class EpisodeEnded(Payload):
    """The patient left hospital: `kind` is discharged, transferred or died. A later event of
    the same kind for the same episode corrects the time."""

    event_type = "discharge.EpisodeEnded"
    kind: str
    destination: str = ""
