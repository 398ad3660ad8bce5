"""Home care's words: what an agency provides and the times of day its carers visit."""

from __future__ import annotations

from enum import StrEnum


class HomeCareService(StrEnum):
    REABLEMENT = "reablement"  # short-term, usually up to six weeks, to regain independence
    LONG_TERM = "long_term"  # an ongoing package of care at home


class TimeBand(StrEnum):
    """The four call times a package of care is planned in (rota runs)."""

    MORNING = "morning"
    LUNCH = "lunch"
    TEA = "tea"
    BED = "bed"


BANDS = tuple(b.value for b in TimeBand)
