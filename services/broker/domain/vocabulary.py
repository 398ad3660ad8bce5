"""The brokerage vocabularies. Care words match the vacancies contracts' plain strings."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from services.broker.domain.errors import InvalidInput

REGISTRATIONS = ("residential", "nursing")
CARE_CATEGORIES = (
    "older_people",
    "dementia",
    "learning_disability_autism",
    "mental_health",
    "physical_disability_sensory",
)
SPECIALISMS = ("bariatric", "dementia_nursing", "complex_needs")


class Funding(StrEnum):
    COUNCIL = "council"
    NHS_CHC = "nhs_chc"
    JOINT = "joint"
    FUNDED_NURSING_CARE = "fnc"
    SELF_FUNDER = "self_funder"
    THIRD_PARTY_TOP_UP = "third_party_top_up"


class Urgency(StrEnum):
    ROUTINE = "routine"
    URGENT = "urgent"
    IMMEDIATE = "immediate"


class Location(StrEnum):
    HOSPITAL = "hospital"
    COMMUNITY = "community"


class ReferralDecline(StrEnum):
    NO_SUITABLE_BED = "no_suitable_bed"
    CANNOT_MEET_NEEDS = "cannot_meet_needs"
    FEE = "fee"
    STAFFING = "staffing"
    OUT_OF_AREA = "out_of_area"
    OTHER = "other"


class OfferDecline(StrEnum):
    FAMILY_CHOICE = "family_choice"
    LOCATION = "location"
    FEE_TOP_UP = "fee_top_up"
    NEEDS = "needs"
    OTHER = "other"


class CancelReason(StrEnum):
    DIED = "died"
    WENT_HOME = "went_home"
    NEEDS_CHANGED = "needs_changed"
    MOVED_AWAY = "moved_away"
    ADMISSION_CANCELLED = "admission_cancelled"  # the hospital's (A11): recorded in error
    PATHWAY_CHANGED = "pathway_changed"  # the ward's: ready to go home (P0, P1) instead


class ReopenReason(StrEnum):
    """Why a cancelled request is open again: the hospital undid what cancelled it."""

    DEATH_CANCELLED = "death_cancelled"  # the death recorded did not happen (A13)
    READMITTED = "readmitted"  # admitted again after a cancelled admission, and ready again
    PATHWAY_CHANGED = "pathway_changed"  # ready for a care home again after going home was planned


class Assessor(StrEnum):
    HOME = "home"
    TRUSTED_ASSESSOR = "trusted_assessor"


class Stage(StrEnum):
    """Where a request stands, as the waiting list shows it."""

    NEEDS_DETAILS = "needs_details"
    SEEKING = "seeking"  # referrals out, waiting for answers and assessments
    OFFER_PENDING = "offer_pending"  # bed hold requested from the home
    OFFERED = "offered"  # bed held, waiting for the person's choice
    ACCEPTED = "accepted"
    ADMISSION_BOOKED = "admission_booked"
    INTERIM = "interim"  # in an interim home, waiting for the move
    PLACED = "placed"
    CANCELLED = "cancelled"


E = TypeVar("E", bound=StrEnum)


def parse(enum: type[E], value: str, field: str) -> E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise InvalidInput(field, f"{value!r} is not one of {allowed}") from None


def check_word(value: str, allowed: tuple[str, ...], field: str) -> str:
    if value not in allowed:
        raise InvalidInput(field, f"{value!r} is not one of {', '.join(allowed)}")
    return value
