"""The words of a home care package request. Time bands and services match the vacancies
contracts' plain strings (events/contracts/homecare.py)."""

from __future__ import annotations

from enum import StrEnum


class TimeBand(StrEnum):
    MORNING = "morning"
    LUNCH = "lunch"
    TEA = "tea"
    BED = "bed"


BANDS = tuple(b.value for b in TimeBand)


class CareService(StrEnum):
    REABLEMENT = "reablement"  # short-term, usually up to six weeks, to regain independence
    LONG_TERM = "long_term"


class AgencyDecline(StrEnum):
    """Why an agency declines a package offered to it."""

    NO_CAPACITY_IN_ZONE = "no_capacity_in_zone"
    NO_STAFF_FOR_TIME_BAND = "no_staff_for_time_band"
    NO_DOUBLE_HANDED = "no_double_handed"
    CANNOT_MEET_NEEDS = "cannot_meet_needs"
    OTHER = "other"


class PersonDecline(StrEnum):
    """Why the person (or family) declines the package held for them."""

    FAMILY_CHOICE = "family_choice"
    CALL_TIMES = "call_times"
    AGENCY = "agency"
    NEEDS = "needs"
    OTHER = "other"


class FallThrough(StrEnum):
    """Why a package agreed with an agency did not start."""

    AGENCY_WITHDREW = "agency_withdrew"
    STAFFING = "staffing"
    PERSON_NOT_READY = "person_not_ready"
    NEEDS_CHANGED = "needs_changed"
    NOT_STARTED = "not_started"  # the sweeper's: not started days after it was due
    OTHER = "other"


class PackageCancel(StrEnum):
    DIED = "died"
    NEEDS_CHANGED = "needs_changed"
    WENT_TO_A_BED = "went_to_a_bed"
    NO_LONGER_NEEDED = "no_longer_needed"
    MOVED_AWAY = "moved_away"
    LEFT_HOSPITAL = "left_hospital"  # the stay ended before the package started
    ADMISSION_CANCELLED = "admission_cancelled"  # the hospital withdrew the admission (A11)


# what a pathway changed on the ward cancels a package request for; only these open again
PATHWAY_CANCELS = (PackageCancel.WENT_TO_A_BED.value, PackageCancel.NO_LONGER_NEEDED.value)


class PackageReopen(StrEnum):
    """Why a cancelled package request is open again."""

    PATHWAY_CHANGED = "pathway_changed"  # ready to go home with support again (P1)


class PackageStage(StrEnum):
    """Where a package request stands (docs/home-care.md has what moves each on)."""

    NEEDS_DETAILS = "needs_details"
    SOURCING = "sourcing"  # offered to agencies, round by round
    HOLD_PENDING = "hold_pending"  # an agency accepted; its hours are being held
    OFFERED = "offered"  # hours held, waiting for the person's choice
    ACCEPTED = "accepted"
    START_BOOKED = "start_booked"
    STARTED = "started"  # the person went home with the care
    CANCELLED = "cancelled"


# An agency's reasons for declining, as the reports and pages say them.
AGENCY_DECLINE_WORDS = {
    AgencyDecline.NO_CAPACITY_IN_ZONE: "no capacity in the zone",
    AgencyDecline.NO_STAFF_FOR_TIME_BAND: "no staff for the time band",
    AgencyDecline.NO_DOUBLE_HANDED: "cannot staff double-handed calls",
    AgencyDecline.CANNOT_MEET_NEEDS: "cannot meet the needs",
    AgencyDecline.OTHER: "another reason",
}
