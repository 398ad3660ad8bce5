"""Refusals as a FHIR OperationOutcome, naming the element at fault (a FHIRPath)."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.operationoutcome import OperationOutcome

from services.discharge.domain.errors import InvalidInput

# HTTP status to the FHIR issue type (http://hl7.org/fhir/issue-type)
ISSUE_TYPES = {
    401: "login",
    403: "forbidden",
    404: "not-found",
    409: "conflict",
    413: "too-costly",
    415: "not-supported",
    422: "invalid",
    503: "transient",
}


class Invalid(InvalidInput):
    """An Encounter refused, naming its element (`Encounter.period.start`)."""


def outcome(status: int, diagnostics: str, element: str = "", severity: str = "") -> dict[str, Any]:
    issue: dict[str, Any] = {
        "severity": severity or ("error" if status >= 400 else "information"),
        "code": ISSUE_TYPES.get(status, "processing" if status >= 400 else "informational"),
        "diagnostics": diagnostics[:1000],
    }
    if element:
        issue["expression"] = [element]
    resource = {"resourceType": "OperationOutcome", "issue": [issue]}
    return OperationOutcome.model_validate(resource).model_dump(
        mode="json", by_alias=True, exclude_none=True
    )


def element_of(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as a FHIRPath: ("period", "start") -> Encounter.period.start,
    ("identifier", 0, "value") -> Encounter.identifier[0].value."""
    path = "Encounter"
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part not in ("body", "__root__"):
            path += f".{part}"
    return path
