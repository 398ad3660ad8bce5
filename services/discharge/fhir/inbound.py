"""A UK Core Encounter read into what an episode needs: validated first by the R4B model
(fhir.resources), then every value within the bounds the rest of the API keeps
(events.bounds), each refusal naming the element at fault."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fhir.resources.R4B.encounter import Encounter
from pydantic import BaseModel, ValidationError

from events import bounds as b
from services.discharge.fhir.codes import (
    CLASSES,
    MEDICALLY_SAFE,
    NHS_NUMBER,
    ODS_CODE,
    SAFE_STATUSES,
    STATUSES,
)
from services.discharge.fhir.outcome import Invalid, element_of
from services.discharge.fhir.residence import residence_of

SAFE = "Encounter.hospitalization.extension('MedicallySafeForDischarge')"


@dataclass(frozen=True)
class Readiness:
    status: str  # ready | notready | unknown
    actual: datetime | None


@dataclass(frozen=True)
class EncounterIn:
    reference: str
    status: str
    care_type: str | None  # None: a class that is no inpatient stay
    provider: str  # the trust's ODS code; "" when not given
    provider_name: str
    nhs_number: str | None
    admitted_at: datetime | None
    ended_at: datetime | None
    ward: str
    ward_since: datetime | None
    destination: str  # as sent: a code or words
    readiness: Readiness | None
    residence: str = ""  # the contained Patient's home address district: an ONS code or a name


class _Bounded(BaseModel):
    """Each value with its bound; the field names are the elements' FHIRPaths, below."""

    reference: b.Reference
    provider: b.OdsCode | None = None
    provider_name: b.ShortText = ""
    nhs_number: b.NhsNumber | None = None
    admitted_at: b.BusinessTime | None = None
    ended_at: b.BusinessTime | None = None
    ward: b.ShortText = ""
    ward_since: b.BusinessTime | None = None
    destination: b.ShortText = ""
    actual: b.BusinessTime | None = None
    residence: b.ShortText = ""


ELEMENTS = {
    "reference": "Encounter.identifier[0].value",
    "provider": "Encounter.serviceProvider.identifier.value",
    "provider_name": "Encounter.serviceProvider.display",
    "nhs_number": "Encounter.subject.identifier.value",
    "admitted_at": "Encounter.period.start",
    "ended_at": "Encounter.period.end",
    "ward": "Encounter.location.location.display",
    "ward_since": "Encounter.location.period.start",
    "destination": "Encounter.hospitalization.dischargeDisposition",
    "actual": f"{SAFE}.extension('actualDate')",
    "residence": "Encounter.contained.where(resourceType='Patient').address.district",
}


def read(body: object) -> EncounterIn:
    if not isinstance(body, dict) or body.get("resourceType") != "Encounter":
        raise Invalid("Encounter.resourceType", "the body must be a FHIR Encounter resource")
    try:
        model = Encounter.model_validate(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise Invalid(element_of(first["loc"]), _msg(first["msg"])) from None
    enc = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    status = enc.get("status", "")
    if status not in STATUSES:
        raise Invalid("Encounter.status", f"one of {', '.join(STATUSES)}")
    raw = _values(enc)
    try:
        v = _Bounded.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise Invalid(ELEMENTS[str(first["loc"][0])], _msg(first["msg"])) from None
    safe = _readiness(enc, v.actual)
    return EncounterIn(
        reference=v.reference,
        status=status,
        care_type=_care_type(enc),
        provider=v.provider or "",
        provider_name=v.provider_name,
        nhs_number=v.nhs_number,
        admitted_at=v.admitted_at,
        ended_at=v.ended_at,
        ward=v.ward,
        ward_since=v.ward_since,
        destination=v.destination,
        readiness=safe,
        residence=v.residence.strip(),
    )


def _msg(text: str) -> str:
    return text.removeprefix("Value error, ")


def _values(enc: dict[str, Any]) -> dict[str, Any]:
    identifiers = [i for i in enc.get("identifier", []) if i.get("value")]
    if not identifiers:
        raise Invalid("Encounter.identifier", "the hospital's reference for the stay is required")
    provider = enc.get("serviceProvider", {})
    org = provider.get("identifier", {})
    if org and org.get("system", ODS_CODE) != ODS_CODE:
        raise Invalid("Encounter.serviceProvider.identifier.system", f"must be {ODS_CODE}")
    subject = enc.get("subject", {}).get("identifier", {})
    nhs = subject.get("value") if subject.get("system") == NHS_NUMBER else None
    place = _current_location(enc.get("location", []))
    disposition = enc.get("hospitalization", {}).get("dischargeDisposition", {})
    codings = disposition.get("coding", [])
    destination = next((c["code"] for c in codings if c.get("code")), "") or disposition.get(
        "text", ""
    )
    period = enc.get("period", {})
    values = {
        "reference": identifiers[0]["value"],
        "provider": org.get("value"),
        "provider_name": provider.get("display", ""),
        "nhs_number": nhs,
        "admitted_at": period.get("start"),
        "ended_at": period.get("end"),
        "ward": place.get("location", {}).get("display", ""),
        "ward_since": place.get("period", {}).get("start"),
        "destination": destination,
        "actual": _safe_part(enc, "actualDate", "valueDateTime"),
        "residence": residence_of(enc),
    }
    return {k: v for k, v in values.items() if v is not None}


def _current_location(locations: list[dict[str, Any]]) -> dict[str, Any]:
    """Where the patient is: the active location, else the last one listed."""
    active = [loc for loc in locations if loc.get("status") == "active"]
    return (active or locations or [{}])[-1]


def _care_type(enc: dict[str, Any]) -> str | None:
    code = str(enc.get("class", {}).get("code", "")).upper()
    return CLASSES.get(code)


def _safe_extension(enc: dict[str, Any]) -> dict[str, Any] | None:
    """Interweave's profile puts it on Encounter.hospitalization; its definition allows the
    Encounter itself: either is read."""
    places = [enc.get("hospitalization", {}).get("extension", []), enc.get("extension", [])]
    return next((e for place in places for e in place if e.get("url") == MEDICALLY_SAFE), None)


def _safe_part(enc: dict[str, Any], name: str, kind: str) -> Any:
    found = _safe_extension(enc)
    parts = found.get("extension", []) if found else []
    return next((p.get(kind) for p in parts if p.get("url") == name), None)


def _readiness(enc: dict[str, Any], actual: datetime | None) -> Readiness | None:
    if _safe_extension(enc) is None:
        return None
    status = _safe_part(enc, "status", "valueCode")
    if status not in SAFE_STATUSES:
        element = f"{SAFE}.extension('status').valueCode"
        raise Invalid(element, f"one of {', '.join(SAFE_STATUSES)}")
    return Readiness(status, actual)
