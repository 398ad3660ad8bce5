"""The care market's words, as used to split a council's framework into lots."""

from __future__ import annotations

from enum import StrEnum

from events.platform.errors import InvalidInput


class Registration(StrEnum):
    RESIDENTIAL = "residential"
    NURSING = "nursing"


class CareCategory(StrEnum):
    OLDER_PEOPLE = "older_people"
    DEMENTIA = "dementia"
    LEARNING_DISABILITY_AUTISM = "learning_disability_autism"
    MENTAL_HEALTH = "mental_health"
    PHYSICAL_DISABILITY_SENSORY = "physical_disability_sensory"


class Specialism(StrEnum):
    BARIATRIC = "bariatric"
    DEMENTIA_NURSING = "dementia_nursing"
    COMPLEX_NEEDS = "complex_needs"


class CqcRating(StrEnum):
    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"


class SuspensionReason(StrEnum):
    CQC_INADEQUATE = "cqc_inadequate"
    ESCALATING_CONCERNS = "escalating_concerns"
    SAFEGUARDING = "safeguarding"
    OTHER = "other"


def bed_type(registration: str, category: str) -> str:
    """A bed type is what a vacancy is reported as: `nursing-dementia`."""
    return f"{Registration(registration).value}-{CareCategory(category).value}"


def bed_types_for(registrations: list[str], categories: list[str]) -> set[str]:
    return {bed_type(r, c) for r in registrations for c in categories}


def parse_bed_type(value: str, field: str = "bed_type") -> tuple[Registration, CareCategory]:
    registration, _, category = value.partition("-")
    try:
        return Registration(registration), CareCategory(category)
    except ValueError:
        raise InvalidInput(
            field, f"unknown bed type {value!r}; expected <registration>-<category>"
        ) from None


def parse_all(enum: type[StrEnum], values: list[str], field: str) -> list[str]:
    """Validate a list of vocabulary words, naming the field at fault."""
    out = []
    for i, value in enumerate(values):
        try:
            out.append(enum(value).value)
        except ValueError:
            allowed = ", ".join(e.value for e in enum)
            raise InvalidInput(f"{field}.{i}", f"{value!r} is not one of {allowed}") from None
    return out
