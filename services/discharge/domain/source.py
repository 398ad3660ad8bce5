"""Where an episode's admission came from, read from its command's id: the hospital feed's
commands carry `hl7 <facility> <control id> <digest>`, the FHIR routes' `fhir <digest> ...`.
Nothing else makes an id with a space: a caller's own command_id may hold none
(events.bounds.CommandId), so a typed-in admission cannot pass for the feed's."""

from __future__ import annotations

from typing import Literal

Source = Literal["hl7", "fhir", "typed"]


def source_of(command_id: str) -> Source:
    """hl7 or fhir for the EPR feed's; typed for the API, the dashboard and tracker imports."""
    head = command_id.split(" ", 1)[0] if " " in command_id else ""
    if head == "hl7":
        return "hl7"
    if head == "fhir":
        return "fhir"
    return "typed"
