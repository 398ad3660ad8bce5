"""The official returns, counted from episodes' facts exactly as the national definitions say
(see docs/discharge-counting.md). Pure: the caller loads the facts, these functions count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from services.discharge.domain.calendar import (
    days,
    end_of_day,
    last_thursday,
    month_bounds,
    third_wednesday,
)
from services.discharge.domain.primary_reason import PrimaryRule
from services.discharge.domain.timeline import Fact, leaving, midnights, nctr_days
from services.discharge.domain.vocabulary import (
    DTOC_REASONS,
    REASONS,
    Agency,
    CareType,
    Vocabulary,
)

UNRECORDED = "unrecorded"


@dataclass(frozen=True)
class Profile:
    """Who and where an episode is counted: from its admission."""

    episode_id: str
    provider_code: str
    provider_name: str
    la_code: str
    la_name: str
    care_type: str

    def group(self, by: str) -> tuple[str, str]:
        if by == "provider":
            return self.provider_code, self.provider_name
        return self.la_code, self.la_name


@dataclass(frozen=True)
class EpisodeFacts:
    profile: Profile
    facts: Sequence[Fact]


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

    def average_per_day(self, row: DtocRow) -> float:
        return row.total / self.days_in_month


def dtoc(episodes: Iterable[EpisodeFacts], month: str, by: str, rule: PrimaryRule) -> DtocReturn:
    """Delayed days in the month by reason x agency x acute/non-acute, per LA or provider."""
    first, last = month_bounds(month)
    snapshot = last_thursday(month)
    rows: dict[tuple[str, str], DtocRow] = {}
    for ep in episodes:
        code, name = ep.profile.group(by)
        row = rows.get((code, name))
        for census in midnights(ep.facts, first, last):
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
    return DtocReturn(month, by, (last - first).days + 1, england, ordered_rows)


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
            line[f"{agency} average per day"] = round(row.by_agency[agency] / ret.days_in_month, 1)
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


# -- discharge ready date timeliness ---------------------------------------------------------

DRD_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("No delay", 0, 0),
    ("1 day delay", 1, 1),
    ("2-3 day delay", 2, 3),
    ("4-6 day delay", 4, 6),
    ("7-13 day delay", 7, 13),
    ("14-20 day delay", 14, 20),
    ("21 days or more", 21, None),
)
AVG_INC = "Average days from Discharge Ready Date to date of discharge (inc 0 day delays)"
AVG_EXC = "Average days from Discharge Ready Date to date of discharge (exc 0 day delays)"


def bucket(delay: int) -> str:
    for title, low, high in DRD_BUCKETS:
        if delay >= low and (high is None or delay <= high):
            return title
    raise ValueError(f"negative delay {delay}")


def drd(
    episodes: Iterable[EpisodeFacts], month: str, by: str, care_types: Sequence[str]
) -> list[dict[str, Any]]:
    """The month's discharges with a discharge ready date: each whole delay counts in the
    month of discharge. Deaths are not discharges."""
    first, last = month_bounds(month)
    delays: dict[tuple[str, str], list[int]] = defaultdict(list)
    for ep in episodes:
        if ep.profile.care_type not in care_types:
            continue
        left = leaving(ep.facts)
        if left is None or left.kind == "died" or left.delay_days is None:
            continue
        if first <= left.day <= last:
            delays[ep.profile.group(by)].append(left.delay_days)
    everyone = [d for ds in delays.values() for d in ds]
    rows = [(("-", "England"), everyone)] + sorted(delays.items())
    return [_drd_row(code, name, month, ds) for (code, name), ds in rows]


def _drd_row(code: str, name: str, month: str, delays: list[int]) -> dict[str, Any]:
    counts = Counter(bucket(d) for d in delays)
    lost = sum(delays)
    delayed = [d for d in delays if d > 0]
    row: dict[str, Any] = {"Period": month, "Code": code, "Name": name}
    row["Total discharges"] = len(delays)
    for title, _, _ in DRD_BUCKETS:
        row[title] = counts[title]
    row["Total bed days lost due to delayed discharge"] = lost
    row[AVG_INC] = round(lost / len(delays), 2) if delays else 0.0
    row[AVG_EXC] = round(sum(delayed) / len(delayed), 2) if delayed else 0.0
    return row


# -- acute SitRep: no criteria to reside -----------------------------------------------------

NCTR_TOTAL = "Number of patients who no longer meet the criteria to reside"
NCTR_DISCHARGED = "Number of patients discharged"
NCTR_REMAINING = (
    "Number of patients remaining in hospital who no longer meet the criteria to reside"
)


def nctr(
    episodes: Iterable[EpisodeFacts], first: date, last: date, care_types: Sequence[str]
) -> list[dict[str, Any]]:
    """Per provider per day: NCTR = discharged that day + remaining at the end of it."""
    counts: dict[tuple[date, str, str], list[int]] = defaultdict(lambda: [0, 0])
    names: dict[str, str] = {}
    for ep in episodes:
        if ep.profile.care_type not in care_types:
            continue
        names[ep.profile.provider_code] = ep.profile.provider_name
        for status in nctr_days(ep.facts, first, last):
            cell = counts[status.day, ep.profile.provider_code, ep.profile.provider_name]
            cell[0] += status.discharged
            cell[1] += status.remaining
    rows = []
    for day in days(first, last):
        for code in sorted(names):
            discharged, remaining = counts.get((day, code, names[code]), [0, 0])
            rows.append(
                {
                    "Date": day.isoformat(),
                    "Code": code,
                    "Name": names[code],
                    NCTR_TOTAL: discharged + remaining,
                    NCTR_DISCHARGED: discharged,
                    NCTR_REMAINING: remaining,
                }
            )
    return rows


# -- Wales Pathway of Care Delays census ------------------------------------------------------


def pocd(
    episodes: Iterable[EpisodeFacts],
    month: str,
    rule: PrimaryRule,
    dtoc_to_pocd: dict[str, str],
) -> list[dict[str, Any]]:
    """Delays of more than 48 hours at 24:00 on the third Wednesday, by health board, LA and
    reason. The reason is the primary Wales reason, else the primary England DTOC reason
    mapped through `dtoc_to_pocd`, else `Not recorded`."""
    census_day = third_wednesday(month)
    cells: dict[tuple[str, str, str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for ep in episodes:
        for census in midnights(ep.facts, census_day, census_day):
            held = (census.day - census.drd).days + 1
            if (end_of_day(census.day) - census.ready_since).total_seconds() <= 48 * 3600:
                continue
            reason = rule.choose(census.blockers, Vocabulary.POCD.value)
            if reason is not None:
                category = reason.code
            else:
                dtoc_reason = rule.choose(census.blockers, Vocabulary.DTOC.value)
                category = dtoc_to_pocd.get(dtoc_reason.code, "") if dtoc_reason else ""
            p = ep.profile
            cell = cells[p.provider_code, p.provider_name, p.la_code, p.la_name, category]
            cell[0] += 1
            cell[1] += held
    titles = {code: r.title for code, r in REASONS[Vocabulary.POCD].items()}
    return [
        {
            "Census date": census_day.isoformat(),
            "Health board code": hb_code,
            "Health board": hb_name,
            "LA code": la_code,
            "Local authority": la_name,
            "Reason": titles.get(category, "Not recorded"),
            "Number of delays": count,
            "Days delayed": held_days,
        }
        for (hb_code, hb_name, la_code, la_name, category), (count, held_days) in sorted(
            cells.items()
        )
    ]
