"""What the discharge service publishes about hospital episodes (topic `topics.EPISODES`).

Data protection: these events identify an episode by its id only. They never carry the NHS
number, the patient's name or date of birth. Vocabularies travel as plain strings: care type
`acute`/`non_acute`; pathway `P0`-`P3`, `P3b`; reason vocabularies `dtoc` (England DTOC codes
A-O with agency `NHS`, `Social Care`, `Both`), `sitrep`, `pocd` (Wales).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from events.registry import Payload, contract, upcaster

SOURCE = "discharge"
# The `la_code` of a stay admitted without its council of residence (the hospital feed, a
# FHIR Encounter): in no council's rows until an `EpisodeDetailsChanged` gives the council.
UNKNOWN_LA = "UNKNOWN"


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
class BecameReadyV1(Payload):
    """Version 1, still in topics: upcast to version 2 on reading."""

    event_type = "discharge.BecameReady"
    pathway: str | None = Field(None, description="P0, P1, P2, P3 or P3b")


@contract
class BecameReady(Payload):
    """The patient is ready for discharge: clinically ready, MDT agreed and safe to transfer.
    The discharge ready date is the start of the final such period.

    Version 2 adds `setting`, where the pathway leads (home, care_home, community_hospital,
    hospice), so that a P2 discharge to a care home bed can be brokered like P3."""

    event_type = "discharge.BecameReady"
    schema_version = 2
    pathway: str | None = Field(None, description="P0, P1, P2, P3 or P3b")
    setting: str | None = Field(None, description="home, care_home, community_hospital, hospice")


@upcaster("discharge.BecameReady", 1)
def _ready_v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "setting": None}  # not recorded then


@contract
class ReadinessWithdrawn(Payload):
    """The patient deteriorated and meets the criteria to reside again."""

    event_type = "discharge.ReadinessWithdrawn"
    note: str = ""


class Blocker(Payload):
    """A cause of delay: a reason in its vocabulary, the agency responsible (England DTOC) and
    the organisation and team who must act."""

    blocker_id: str
    vocabulary: str
    code: str
    agency: str | None = None
    owner_org: str = ""
    owner_team: str = ""


@contract
class DelayReasonSet(Blocker):
    """The reason of record changed: earlier open blockers in this vocabulary closed and this
    one opened."""

    event_type = "discharge.DelayReasonSet"


@contract
class BlockerOpened(Blocker):
    """One more cause of the delay, beside the ones already open."""

    event_type = "discharge.BlockerOpened"


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
class EpisodeEndedV1(Payload):
    """Version 1, still in topics and consumers' replays: upcast to version 2 on reading."""

    event_type = "discharge.EpisodeEnded"
    kind: str
    destination: str = ""


DESTINATION_TYPES = ("home", "care_home", "other_hospital", "hospice", "died", "other", "unknown")


def destination_type_of(kind: str, destination: str) -> str:
    """The kind of place a patient went to, from the free text trackers record."""
    text = destination.lower()
    if kind == "died":
        return "died"
    if "care home" in text or "nursing home" in text or "residential" in text:
        return "care_home"
    if "hospice" in text:
        return "hospice"
    if kind == "transferred" or "hospital" in text or "rehab" in text:
        return "other_hospital"
    if "home" in text:
        return "home"
    return "unknown" if not text.strip() else "other"


@contract
class EpisodeEnded(Payload):
    """The patient left hospital: `kind` is discharged, transferred or died. A later event of
    the same kind for the same episode corrects the time.

    Version 2 adds `destination_type` (one of DESTINATION_TYPES) beside the free-text
    `destination`, so consumers can count discharges to care homes without parsing text."""

    event_type = "discharge.EpisodeEnded"
    schema_version = 2
    kind: str
    destination: str = ""
    destination_type: str

    @model_validator(mode="before")
    @classmethod
    def _derive_type(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("destination_type"):
            data = {
                **data,
                "destination_type": destination_type_of(
                    data.get("kind", ""), data.get("destination", "")
                ),
            }
        return data


@upcaster("discharge.EpisodeEnded", 1)
def _ended_v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    kind, destination = payload.get("kind", ""), payload.get("destination", "")
    return {**payload, "destination_type": destination_type_of(kind, destination)}


# -- what the hospital feed corrects (HL7 v2 ADT: A02, A08, A11, A12, A13) ----------------


@contract
class EpisodeMoved(Payload):
    """The patient is now on this ward and site: a transfer (A02), or a cancelled transfer
    (A12) taking them back where they were."""

    event_type = "discharge.EpisodeMoved"
    site: str
    ward: str


@contract
class EpisodeDetailsChanged(Payload):
    """Details of the stay the trust corrected (A08); a field left out is unchanged. The LA
    of residence `UNKNOWN` (an address without its ONS code) becomes a real one this way."""

    event_type = "discharge.EpisodeDetailsChanged"
    site: str | None = None
    ward: str | None = None
    care_type: str | None = None
    la_code: str | None = None
    la_name: str | None = None


@contract
class EpisodeWithdrawn(Payload):
    """The admission was cancelled (A11): the episode is counted nowhere from now on, and
    nothing of it is deleted."""

    event_type = "discharge.EpisodeWithdrawn"


@contract
class EpisodeReadmitted(Payload):
    """A withdrawn episode's reference admitted again: a new stay, from `occurred_at`, with
    nothing of the withdrawn one."""

    event_type = "discharge.EpisodeReadmitted"
    site: str
    ward: str
    care_type: str
    la_code: str
    la_name: str


@contract
class EndingCancelled(Payload):
    """The recorded discharge, transfer or death did not happen (A13): in hospital again."""

    event_type = "discharge.EndingCancelled"
