"""How an episode and its history look to an API caller."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from events.platform.history import history_view
from services.discharge.domain.episode import Episode
from services.discharge.domain.source import source_of
from services.discharge.translation import payload_of


def episode_view(episode: Episode, history: Iterable[Any]) -> dict[str, Any]:
    history = list(history)
    admitted = str(getattr(history[0], "command_id", "") or "") if history else ""
    return {
        "episode_id": str(episode.id),
        "version": episode.version,
        "reference": episode.reference,
        "nhs_number": episode.nhs_number,
        "provider_code": episode.provider_code,
        "provider_name": episode.provider_name,
        "site": episode.site,
        "ward": episode.ward,
        "care_type": episode.care_type,
        "la_code": episode.la_code,
        "la_name": episode.la_name,
        "admitted_at": episode.admitted_at,
        "ended": {"kind": episode.ended[0], "at": episode.ended[1]} if episode.ended else None,
        "withdrawn": episode.withdrawn,  # its admission cancelled (HL7 A11): counted nowhere
        "merged_into": episode.merged_into,  # the EPR's surviving patient record (HL7 A40)
        "pathway": episode.pathway,
        "blockers": {k: vars(b) for k, b in episode.blockers.items()},
        "assessments": {k: vars(a) for k, a in episode.assessments.items()},
        "source": source_of(admitted),  # hl7 or fhir: admitted by the EPR feed; else typed
        "history": history_view(history, payload_of),
    }
