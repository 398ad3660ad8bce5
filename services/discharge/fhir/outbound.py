"""An episode as a UK Core Encounter, validated by the R4B model before it leaves."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.encounter import Encounter

from services.discharge.domain.episode import Episode
from services.discharge.fhir.codes import (
    ACT_CODE,
    CLASS_OF,
    MEDICALLY_SAFE,
    NHS_NUMBER,
    ODS_CODE,
    UK_CORE_ENCOUNTER,
)


def encounter(episode: Episode) -> dict[str, Any]:
    code, display = CLASS_OF.get(episode.care_type, CLASS_OF["acute"])
    resource: dict[str, Any] = {
        "resourceType": "Encounter",
        "id": str(episode.id),
        "meta": {"versionId": str(episode.version), "profile": [UK_CORE_ENCOUNTER]},
        "identifier": [
            {
                "use": "official",
                "value": episode.reference,
                "assigner": {"identifier": {"system": ODS_CODE, "value": episode.provider_code}},
            }
        ],
        "status": _status(episode),
        "class": {"system": ACT_CODE, "code": code, "display": display},
        "period": _period(episode),
        "serviceProvider": {
            "identifier": {"system": ODS_CODE, "value": episode.provider_code},
            "display": episode.provider_name,
        },
        "hospitalization": _hospitalization(episode),
    }
    if episode.nhs_number:
        resource["subject"] = {"identifier": {"system": NHS_NUMBER, "value": episode.nhs_number}}
    if episode.ward:
        resource["location"] = [
            {"location": {"display": episode.ward}, "status": _location_status(episode)}
        ]
    return _valid(Encounter, resource)


def bundle(episodes: list[Episode], base: str) -> dict[str, Any]:
    """A search's answer: a searchset Bundle of the episodes found."""
    entries = [
        {"fullUrl": f"{base}/{e.id}", "resource": encounter(e), "search": {"mode": "match"}}
        for e in episodes
    ]
    resource: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(entries),
    }
    if entries:
        resource["entry"] = entries
    return _valid(Bundle, resource)


def _valid(model: Any, resource: dict[str, Any]) -> dict[str, Any]:
    checked: dict[str, Any] = model.model_validate(resource).model_dump(
        mode="json", by_alias=True, exclude_none=True
    )
    return checked


def _status(episode: Episode) -> str:
    if episode.withdrawn:
        return "cancelled"
    return "finished" if episode.ended is not None else "in-progress"


def _location_status(episode: Episode) -> str:
    return "active" if episode.ended is None and not episode.withdrawn else "completed"


def _period(episode: Episode) -> dict[str, str]:
    period = {"start": episode.admitted_at.isoformat()}
    if episode.ended is not None:
        period["end"] = episode.ended[1].isoformat()
    return period


def _hospitalization(episode: Episode) -> dict[str, Any]:
    safe = [{"url": "status", "valueCode": "ready" if episode.ready_since else "notready"}]
    if episode.ready_since is not None:
        safe.append({"url": "actualDate", "valueDateTime": episode.ready_since.isoformat()})
    out: dict[str, Any] = {"extension": [{"url": MEDICALLY_SAFE, "extension": safe}]}
    if episode.ended is not None:
        words = getattr(episode, "destination", "") or episode.ended[0]
        out["dischargeDisposition"] = {"text": words}
    return out
