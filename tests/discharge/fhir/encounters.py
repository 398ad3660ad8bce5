"""UK Core Encounters as a regional care record (Interweave) sends them."""

from __future__ import annotations

from typing import Any

from services.discharge.fhir.codes import ACT_CODE, MEDICALLY_SAFE, NHS_NUMBER, ODS_CODE

NHS = "9434765919"  # passes the modulus 11 check


def safe(status: str, actual: str | None = None) -> dict[str, Any]:
    parts: list[dict[str, Any]] = [{"url": "status", "valueCode": status}]
    if actual:
        parts.append({"url": "actualDate", "valueDateTime": actual})
    return {"url": MEDICALLY_SAFE, "extension": parts}


def encounter(
    reference: str = "V100",
    trust: str = "REM",
    *,
    status: str = "in-progress",
    start: str = "2019-12-01T08:00:00+00:00",
    end: str | None = None,
    ward: str = "Ward 7",
    nhs: str | None = NHS,
    readiness: dict[str, Any] | None = None,
    disposition: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "resourceType": "Encounter",
        "identifier": [{"system": f"https://{trust.lower()}.nhs.uk/Id/visit", "value": reference}],
        "status": status,
        "class": {"system": ACT_CODE, "code": "IMP", "display": "inpatient encounter"},
        "period": {"start": start} | ({"end": end} if end else {}),
        "serviceProvider": {"identifier": {"system": ODS_CODE, "value": trust}},
        "location": [{"location": {"display": ward}, "status": "active"}],
    }
    if nhs:
        body["subject"] = {"identifier": {"system": NHS_NUMBER, "value": nhs}}
    hospitalization: dict[str, Any] = {}
    if readiness:
        hospitalization["extension"] = [readiness]
    if disposition:
        hospitalization["dischargeDisposition"] = {"coding": [{"code": disposition}]}
    if hospitalization:
        body["hospitalization"] = hospitalization
    return body
