"""The council a patient lives in, from what an Encounter carries: UK Core and Interweave put
no council on the Encounter, but a sender may contain the subject Patient in it
(`contained`, referenced as `subject.reference = "#id"`), whose home address names its
`district`. An ONS code there (E08000014) is taken as it is; a district named as a council
of the reference table (`Sefton`) is that council. Anything else (a county such as "West
Yorkshire", no address, no contained Patient) leaves the council unknown, for the team to
complete. Pure: the councils are passed in."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

ONS = re.compile(r"^[EWSN]\d{8}$")


def residence_of(enc: dict[str, Any]) -> str | None:
    """The district of the contained subject Patient's current home address, as sent."""
    patient = _subject(enc)
    addresses = [
        a
        for a in patient.get("address", [])
        if a.get("use") != "old" and not a.get("period", {}).get("end")
    ]
    homes = [a for a in addresses if a.get("use") == "home"] or addresses
    return homes[0].get("district") if homes else None


def council(residence: str, councils: Mapping[str, str]) -> tuple[str, str] | None:
    """(ONS code, name) of the council `residence` names, or None when it names none."""
    text = residence.strip()
    if ONS.match(text.upper()):
        return text.upper(), councils.get(text.upper(), text.upper())
    folded = text.casefold()
    for code, name in councils.items():
        if name.casefold() == folded:
            return code, name
    return None


def _subject(enc: dict[str, Any]) -> dict[str, Any]:
    reference = str(enc.get("subject", {}).get("reference", ""))
    if not reference.startswith("#"):
        return {}
    for resource in enc.get("contained", []):
        if resource.get("resourceType") == "Patient" and resource.get("id") == reference[1:]:
            return dict(resource)
    return {}
