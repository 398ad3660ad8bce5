"""The national vocabularies a discharge is described in.

Reasons are stored with their vocabulary; which reasons exist and which responsible agencies
each allows are data (this module's tables), checked in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from services.discharge.domain.errors import InvalidInput


class CareType(StrEnum):
    ACUTE = "acute"
    NON_ACUTE = "non_acute"  # community and mental health beds


class Pathway(StrEnum):
    P0 = "P0"  # home, no new support
    P1 = "P1"  # home with support
    P2 = "P2"  # short-term bed with 24-hour support
    P3 = "P3"  # care home, likely permanent
    P3B = "P3b"  # existing care home resident going back


class Setting(StrEnum):
    """Where a pathway leads, when it matters who arranges it (P2 can be a care home bed)."""

    HOME = "home"
    CARE_HOME = "care_home"
    COMMUNITY_HOSPITAL = "community_hospital"
    HOSPICE = "hospice"


class Agency(StrEnum):
    """Who the England DTOC return holds responsible for a delay."""

    NHS = "NHS"
    SOCIAL_CARE = "Social Care"
    BOTH = "Both"


class Vocabulary(StrEnum):
    DTOC = "dtoc"  # England delayed transfers of care, 2010-2020
    SITREP = "sitrep"  # England acute discharge SitRep, 2020 on
    POCD = "pocd"  # Wales Pathway of Care Delays, April 2023 on


class AssessmentKind(StrEnum):
    CARE_ACT = "care_act"
    CHC_CHECKLIST = "chc_checklist"
    CHC_FULL = "chc_full"
    CHC_FAST_TRACK = "chc_fast_track"
    THERAPY = "therapy"
    MENTAL_CAPACITY = "mental_capacity"
    CARE_HOME_PRE_ADMISSION = "care_home_pre_admission"
    TRUSTED_ASSESSOR = "trusted_assessor"
    EQUIPMENT = "equipment"


class EndKind(StrEnum):
    DISCHARGED = "discharged"
    TRANSFERRED = "transferred"
    DIED = "died"


@dataclass(frozen=True)
class Reason:
    code: str
    title: str  # as published
    agencies: frozenset[Agency] = frozenset()  # DTOC only: the allowed responsible agencies
    family: str = ""  # acute SitRep only: the May 2024 grouping


_N, _S, _B = Agency.NHS, Agency.SOCIAL_CARE, Agency.BOTH

# England DTOC reasons with the agencies published for each (the rest were printed "NA").
DTOC_REASONS: tuple[Reason, ...] = (
    Reason("A", "A) Awaiting completion of assessment", frozenset({_N, _S, _B})),
    Reason("B", "B) Awaiting public funding", frozenset({_N, _S, _B})),
    Reason("C", "C) Awaiting further non-acute NHS care", frozenset({_N})),
    Reason("Di", "Di) Awaiting residential home placement or availability", frozenset({_N, _S})),
    Reason("Dii", "Dii) Awaiting nursing home placement or availability", frozenset({_N, _S, _B})),
    Reason("E", "E) Awaiting care package in own home", frozenset({_N, _S, _B})),
    Reason("F", "F) Awaiting community equipment and adaptations", frozenset({_N, _S, _B})),
    Reason("G", "G) Patient or family choice", frozenset({_N, _S})),
    Reason("H", "H) Disputes", frozenset({_N, _S})),
    Reason("I", "I) Housing - patients not covered by Care Act", frozenset({_N})),
    Reason("O", "O) Other", frozenset({_N, _S, _B})),
)

# England acute discharge SitRep reasons (2022 specification), by family (May 2024 grouping).
# The May 2024 families of the acute SitRep reasons (an assignment of ours where the
# specification leaves one open; data, not code).
SITREP_FAMILIES: dict[str, str] = {
    "P1": "Capacity",
    "P2": "Capacity",
    "P3": "Capacity",
    "ASSESS": "Care transfer hub process",
    "CHC": "Interface process",
    "HOUSING": "Capacity",
    "EQUIP": "Capacity",
    "HOSPICE": "Capacity",
    "REPAT": "Interface process",
    "MH": "Capacity",
    "FAMILY": "Wellbeing concerns",
    "SAFEGUARD": "Wellbeing concerns",
    "DECISION": "Hospital process",
    "DIAGNOSTICS": "Hospital process",
    "TTO": "Hospital process",
    "TRANSPORT": "Hospital process",
    "REFERRAL": "Care transfer hub process",
    "NOPLAN": "Hospital process",
}

SITREP_REASONS: tuple[Reason, ...] = tuple(
    Reason(code, title, family=SITREP_FAMILIES[code])
    for code, title in (
        (
            "P1",
            "Pathway 1: awaiting availability of resource for assessment and start of care at home",
        ),
        (
            "P2",
            "Pathway 2: awaiting availability of rehabilitation bed in community hospital or other bedded setting",
        ),
        (
            "P3",
            "Pathway 3: awaiting availability of a bed in a residential or nursing home that is likely to be a permanent placement",
        ),
        ("ASSESS", "Awaiting a community-based assessment"),
        ("CHC", "Awaiting NHS Continuing Healthcare assessment or decision"),
        ("HOUSING", "Housing: awaiting availability of housing or adaptations"),
        ("EQUIP", "Awaiting community equipment or adaptations"),
        ("HOSPICE", "Awaiting hospice bed or end of life care at home"),
        ("REPAT", "Repatriation or transfer to another acute trust"),
        ("MH", "Awaiting mental health bed or community mental health support"),
        ("FAMILY", "Individual/family not in agreement with discharge plans"),
        ("SAFEGUARD", "Safeguarding concern preventing discharge or Court of Protection"),
        ("DECISION", "Awaiting a decision by the treating team or medical review"),
        ("DIAGNOSTICS", "Awaiting diagnostic test, procedure or results"),
        ("TTO", "Awaiting medicines to take home"),
        ("TRANSPORT", "Awaiting transport"),
        ("REFERRAL", "Awaiting referral to a care transfer hub or community service"),
        ("NOPLAN", "No plan"),
    )
)

# Wales Pathway of Care Delays categories (April 2023 on).
POCD_REASONS: tuple[Reason, ...] = tuple(
    Reason(code, title)
    for code, title in (
        ("ASSESSMENT", "Assessment issues"),
        ("TRANSFER", "Transfer related"),
        ("FUNDING", "Funding"),
        ("EQUIPMENT", "Home adaptation/equipment"),
        ("HOMECARE", "Home care related"),
        ("STEPDOWN", "Step down to recover and assess"),
        ("DISAGREEMENT", "Disagreements/legislation"),
        ("CAREHOME", "Care home placement arrangements"),
        ("NHSBED", "NHS bed related"),
        ("HOUSING", "Housing related"),
    )
)

REASONS: dict[Vocabulary, dict[str, Reason]] = {
    Vocabulary.DTOC: {r.code: r for r in DTOC_REASONS},
    Vocabulary.SITREP: {r.code: r for r in SITREP_REASONS},
    Vocabulary.POCD: {r.code: r for r in POCD_REASONS},
}


E = TypeVar("E", bound=StrEnum)


def _letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def parse_enum(enum: type[E], value: str, field: str) -> E:
    """Accept a vocabulary word in any case, with or without spaces, hyphens or underscores
    (`Non-Acute`, `non_acute` and `NonAcute` are one word)."""
    wanted = _letters(value)
    for member in enum:
        if wanted in (_letters(member.value), _letters(member.name)):
            return member
    allowed = ", ".join(m.value for m in enum)
    raise InvalidInput(field, f"{value!r} is not one of {allowed}")


def canonical_code(vocabulary: Vocabulary, code: str) -> str:
    """The reason code as published: `di`, `D i`, `D(i)` and `DI` all mean `Di`."""
    wanted = _letters(code)
    for known in REASONS[vocabulary]:
        if known.lower() == wanted:
            return known
    allowed = ", ".join(REASONS[vocabulary])
    raise InvalidInput(
        "reason_code", f"{code!r} is not a {vocabulary.value} reason; one of {allowed}"
    )


def check_reason(vocabulary: str, code: str, agency: str | None) -> tuple[str, str, str | None]:
    """Validate a reason in its vocabulary: (vocabulary, code, agency) in canonical form.

    England DTOC reasons need a responsible agency among those published for the reason."""
    vocab = parse_enum(Vocabulary, vocabulary, "vocabulary")
    canonical = canonical_code(vocab, code)
    if vocab is not Vocabulary.DTOC:
        return vocab.value, canonical, agency or None
    if not agency:
        raise InvalidInput(
            "agency", "a DTOC reason needs the responsible agency (NHS, Social Care, Both)"
        )
    who = parse_enum(Agency, agency, "agency")
    if who not in REASONS[vocab][canonical].agencies:
        allowed = ", ".join(a.value for a in Agency if a in REASONS[vocab][canonical].agencies)
        raise InvalidInput(
            "agency",
            f"reason {canonical} cannot be the responsibility of {who.value}; allowed: {allowed}",
        )
    return vocab.value, canonical, who.value
