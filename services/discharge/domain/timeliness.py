"""Discharge timeliness: the DRD publication and the acute SitRep's daily "no criteria to
reside" counts (see docs/discharge-counting.md). Pure: the caller loads the facts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from services.discharge.domain.calendar import Period, days
from services.discharge.domain.profile import EpisodeFacts
from services.discharge.domain.timeline import leaving, nctr_days

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
    episodes: Iterable[EpisodeFacts],
    month: str,
    by: str,
    care_types: Sequence[str],
    counted_to: date | None = None,
) -> list[dict[str, Any]]:
    """The month's discharges with a discharge ready date: each whole delay counts in the
    month of discharge. Deaths are not discharges. Of the month in progress, the discharges
    of the days up to `counted_to` (the last census that has passed; None: the whole month)."""
    period = Period.of(month, counted_to)
    first, last = period.first, period.last
    delays: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    for ep in episodes:
        if ep.profile.care_type not in care_types or not ep.profile.counted_by(by):
            continue
        left = leaving(ep.facts)
        if left is None or left.kind == "died" or left.delay_days is None:
            continue
        if first <= left.day <= last:
            delays[ep.profile.group(by)][left.delay_days] += 1
    return drd_rows(month, delays)


def drd_rows(month: str, delays: dict[tuple[str, str], Counter[int]]) -> list[dict[str, Any]]:
    """The published rows, England first, of each group's discharges: how many had each
    delay in days (a group with none has no row)."""
    everyone: Counter[int] = Counter()
    for each in delays.values():
        everyone.update(each)
    rows = [(("-", "England"), everyone), *sorted(delays.items())]
    return [_drd_row(code, name, month, ds) for (code, name), ds in rows]


def _drd_row(code: str, name: str, month: str, delays: Counter[int]) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    for delay, n in delays.items():
        counts[bucket(delay)] += n
    discharges = sum(delays.values())
    lost = sum(delay * n for delay, n in delays.items())  # zero-day delays add nothing
    delayed = sum(n for delay, n in delays.items() if delay > 0)
    row: dict[str, Any] = {"Period": month, "Code": code, "Name": name}
    row["Total discharges"] = discharges
    for title, _, _ in DRD_BUCKETS:
        row[title] = counts[title]
    row["Total bed days lost due to delayed discharge"] = lost
    row[AVG_INC] = round(lost / discharges, 2) if discharges else 0.0
    row[AVG_EXC] = round(lost / delayed, 2) if delayed else 0.0
    return row


# -- acute SitRep: no criteria to reside -----------------------------------------------------

NCTR_TOTAL = "Number of patients who no longer meet the criteria to reside"
NCTR_DISCHARGED = "Number of patients discharged"
NCTR_REMAINING = (
    "Number of patients remaining in hospital who no longer meet the criteria to reside"
)


def nctr(
    episodes: Iterable[EpisodeFacts],
    first: date,
    last: date,
    care_types: Sequence[str],
    counted_to: date | None = None,
) -> list[dict[str, Any]]:
    """Per provider per day: NCTR = discharged that day + remaining at the end of it. No row
    for a day after `counted_to` (the last census that has passed): its end is yet to come."""
    if counted_to is not None:
        last = min(last, counted_to)
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
