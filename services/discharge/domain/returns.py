"""The official returns, counted from episodes' facts exactly as the national definitions say
(see docs/discharge-counting.md). Pure: the caller loads the facts, these functions count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from services.discharge.domain.calendar import Period, last_thursday
from services.discharge.domain.pocd import pocd
from services.discharge.domain.primary_reason import PrimaryRule
from services.discharge.domain.profile import EpisodeFacts, Profile
from services.discharge.domain.timeline import midnights
from services.discharge.domain.timeliness import drd, nctr
from services.discharge.domain.vocabulary import (
    DTOC_REASONS,
    Agency,
    CareType,
    Vocabulary,
)

UNRECORDED = "unrecorded"


@dataclass
class DtocRow:
    code: str
    name: str
    by_reason: Counter[str] = field(default_factory=Counter)
    by_agency: Counter[str] = field(default_factory=Counter)
    by_care_type: Counter[str] = field(default_factory=Counter)
    by_reason_agency: Counter[tuple[str, str]] = field(default_factory=Counter)
    unrecorded: int = 0  # delayed days with no DTOC reason in force: a data-quality gap
    delayed_last_thursday: int = 0  # the pre-April-2017 snapshot: patients delayed that night

    @property
    def total(self) -> int:
        return sum(self.by_reason.values())

    def add(self, reason: str, agency: str, care_type: str) -> None:
        self.by_reason[reason] += 1
        self.by_agency[agency] += 1
        self.by_care_type[care_type] += 1
        self.by_reason_agency[reason, agency] += 1

    def merge(self, other: DtocRow) -> None:
        for mine, theirs in (
            (self.by_reason, other.by_reason),
            (self.by_agency, other.by_agency),
            (self.by_care_type, other.by_care_type),
            (self.by_reason_agency, other.by_reason_agency),
        ):
            mine.update(theirs)  # type: ignore[arg-type]
        self.unrecorded += other.unrecorded
        self.delayed_last_thursday += other.delayed_last_thursday


@dataclass
class DtocReturn:
    month: str
    by: str
    days_in_month: int
    england: DtocRow
    rows: list[DtocRow]
    period: Period

    def per_day(self, delayed_days: int) -> float:
        """Over the days counted: all of a past month, the days so far of the month in progress."""
        return delayed_days / self.period.days if self.period.days else 0.0

    def average_per_day(self, row: DtocRow) -> float:
        return self.per_day(row.total)


def dtoc(
    episodes: Iterable[EpisodeFacts],
    month: str,
    by: str,
    rule: PrimaryRule,
    counted_to: date | None = None,
) -> DtocReturn:
    """Delayed days in the month by reason x agency x acute/non-acute, per LA or provider:
    the midnights up to `counted_to` (the last census that has passed; None: all of them)."""
    period = Period.of(month, counted_to)
    snapshot = last_thursday(month)
    rows: dict[tuple[str, str], DtocRow] = {}
    for ep in episodes:
        if not ep.profile.counted_by(by):
            continue
        code, name = ep.profile.group(by)
        row = rows.get((code, name))
        for census in midnights(ep.facts, period.first, period.last):
            if row is None:
                row = rows[code, name] = DtocRow(code, name)
            if census.day == snapshot:
                row.delayed_last_thursday += 1
            primary = rule.choose(census.blockers, Vocabulary.DTOC.value)
            if primary is None or primary.agency is None:
                row.unrecorded += 1
            else:
                row.add(primary.code, primary.agency, ep.profile.care_type)
    england = DtocRow("-", "England")
    for row in rows.values():
        england.merge(row)
    ordered_rows = sorted(rows.values(), key=lambda r: (r.code, r.name))
    days_in_month = (period.month_end - period.first).days + 1
    return DtocReturn(month, by, days_in_month, england, ordered_rows, period)


DTOC_REASON_CODES = [r.code for r in DTOC_REASONS]
AGENCIES = [a.value for a in Agency]


def dtoc_reason_table(ret: DtocReturn) -> list[dict[str, Any]]:
    """The published layout by reason: Code, Name, one column per reason, Total."""
    out = []
    for row in [ret.england, *ret.rows]:
        line: dict[str, Any] = {"Code": row.code, "Name": row.name}
        for reason in DTOC_REASONS:
            line[reason.title] = row.by_reason[reason.code]
        line["Total"] = row.total
        out.append(line)
    return out


def dtoc_agency_table(ret: DtocReturn) -> list[dict[str, Any]]:
    """The published layout by agency, with the per-day averages ("DTOC beds")."""
    out = []
    for row in [ret.england, *ret.rows]:
        line: dict[str, Any] = {"Code": row.code, "Name": row.name}
        for agency in AGENCIES:
            line[agency] = row.by_agency[agency]
        line["Total"] = row.total
        for agency in AGENCIES:
            line[f"{agency} average per day"] = round(ret.per_day(row.by_agency[agency]), 1)
        line["Total average per day"] = round(ret.average_per_day(row), 1)
        out.append(line)
    return out


def dtoc_detail(ret: DtocReturn) -> list[dict[str, Any]]:
    """Everything, for JSON: reason x agency, acute/non-acute, exact averages, gaps."""
    out = []
    for row in [ret.england, *ret.rows]:
        out.append(
            {
                "code": row.code,
                "name": row.name,
                "month": ret.month,
                "by_reason": {c: row.by_reason[c] for c in DTOC_REASON_CODES},
                "by_agency": {a: row.by_agency[a] for a in AGENCIES},
                "by_reason_agency": {
                    c: {a: row.by_reason_agency[c, a] for a in AGENCIES} for c in DTOC_REASON_CODES
                },
                "acute": row.by_care_type[CareType.ACUTE.value],
                "non_acute": row.by_care_type[CareType.NON_ACUTE.value],
                "total": row.total,
                "average_per_day": ret.average_per_day(row),
                "delayed_days_without_reason": row.unrecorded,
                "patients_delayed_last_thursday": row.delayed_last_thursday,
            }
        )
    return out


# One entry point for every return: the others live in their own modules.
__all__ = ["EpisodeFacts", "Profile", "dtoc", "drd", "nctr", "pocd"]
