"""Times and dates a real record can hold, and the one rule for a time without an offset.

A time given without an offset is UK local time (Europe/London), in the API, the CLI, the
importer and the feed alike. The hour that does not exist (clocks go forward in March) and
the hour that happens twice (clocks go back in October) cannot be read without an offset:
they are refused, never guessed. Business times (when something happened) lie between 1990
and a few minutes from now; query times and months between 1990 and 2100.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

UK = ZoneInfo("Europe/London")
FIRST_DAY = date(1990, 1, 1)
LAST_DAY = date(2100, 12, 31)
CLOCK_SKEW = timedelta(minutes=5)  # a device clock a little ahead is not "the future"
PLANNING_HORIZON = timedelta(days=2 * 366)
START_HORIZON = timedelta(days=183)  # capacity offered to start more than six months out is a guess
START_PAST = timedelta(days=7)  # a report typed up a few days late may name a start just gone
_UK_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y")


def uk_aware(at: datetime) -> datetime:
    """An aware time as it is; a naive one read as UK local time, refused where the clocks
    change make it impossible or ambiguous."""
    if at.tzinfo is not None:
        return at
    early, late = at.replace(tzinfo=UK, fold=0), at.replace(tzinfo=UK, fold=1)
    if early.astimezone(UTC).astimezone(UK).replace(tzinfo=None) != at:
        raise ValueError(
            f"{at:%Y-%m-%d %H:%M} does not exist in UK time (the clocks go forward an hour)"
        )
    if early.utcoffset() != late.utcoffset():
        raise ValueError(
            f"{at:%Y-%m-%d %H:%M} happens twice in UK time (the clocks go back): "
            "give the offset, +01:00 for the first, +00:00 for the second"
        )
    return early


def _in_window(first: date, last: date) -> object:
    def check(at: datetime) -> datetime:
        try:
            day = at.astimezone(UTC).date()
        except OverflowError:  # year 1 at +14:00 is before the first instant Python can hold
            raise ValueError(f"must not be before {first.isoformat()}") from None
        if day < first:
            raise ValueError(f"must not be before {first.isoformat()}")
        if day > last:
            raise ValueError(f"must not be after {last.isoformat()}")
        return at

    return check


def _not_future(at: datetime) -> datetime:
    if at > datetime.now(UTC) + CLOCK_SKEW:
        raise ValueError("must not be in the future (a few minutes of clock drift allowed)")
    return at


def _date_window(past: date, ahead: timedelta | None) -> object:
    def check(day: date) -> date:
        if day < past:
            raise ValueError(f"must not be before {past.isoformat()}")
        if ahead is not None and day > datetime.now(UTC).date() + ahead:
            limit = datetime.now(UTC).date() + ahead
            raise ValueError(f"must not be after {limit.isoformat()}")
        return day

    return check


def _date_window_from_today(back: timedelta, ahead: timedelta) -> object:
    def check(day: date) -> date:
        today = datetime.now(UTC).date()
        if day < today - back:
            raise ValueError(f"must not be before {(today - back).isoformat()}")
        if day > today + ahead:
            raise ValueError(f"must not be after {(today + ahead).isoformat()}")
        return day

    return check


def _read(value: object) -> object:
    """Text through the one parser (`parse_uk_time`), so a body, a query, a CLI option and
    a tracker cell read a time alike; anything else is left to pydantic."""
    return parse_uk_time(value) if isinstance(value, str) else value


BusinessTime = Annotated[
    datetime,
    BeforeValidator(_read),
    AfterValidator(uk_aware),
    AfterValidator(_not_future),
    AfterValidator(_in_window(FIRST_DAY, LAST_DAY)),  # type: ignore[arg-type]
    Field(
        description="when it happened: from 1990 to now (a few minutes' drift allowed); "
        "without an offset it is UK local time"
    ),
]
QueryTime = Annotated[
    datetime,
    BeforeValidator(_read),
    AfterValidator(uk_aware),
    AfterValidator(_in_window(FIRST_DAY, LAST_DAY)),  # type: ignore[arg-type]
    Field(description="a time from 1990 to 2100; without an offset it is UK local time"),
]
PastDate = Annotated[
    date,
    AfterValidator(_date_window(FIRST_DAY, timedelta(days=1))),  # type: ignore[arg-type]
    Field(description="a date from 1990 to today"),
]
PlannedDate = Annotated[
    date,
    AfterValidator(_date_window(FIRST_DAY, PLANNING_HORIZON)),  # type: ignore[arg-type]
    Field(description="a date from 1990 to two years ahead"),
]

StartDate = Annotated[
    date,
    AfterValidator(_date_window_from_today(START_PAST, START_HORIZON)),  # type: ignore[arg-type]
    Field(description="when care can start: from a week ago to six months ahead"),
]


def _real_month(value: str) -> str:
    year = int(value[:4])
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise ValueError(f"must be a month from {FIRST_DAY.year} to {LAST_DAY.year}")
    return value


Month = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$"),
    AfterValidator(_real_month),
    Field(description="a month, YYYY-MM, from 1990-01 to 2100-12", examples=["2019-12"]),
]


def parse_uk_time(text: str) -> datetime:
    """A time as trackers and operators type it: ISO 8601 (a date or a date-time, with or
    without an offset) or dd/mm/yyyy [HH:MM[:SS]]; without an offset, UK local time. Only
    the shape is checked here: the field's window is checked by its type."""
    text = text.strip()
    try:
        return uk_aware(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError as exc:
        if "UK time" in str(exc):
            raise
    for fmt in _UK_FORMATS:
        try:
            return uk_aware(datetime.strptime(text, fmt))
        except ValueError as exc:
            if "UK time" in str(exc):
                raise
    raise ValueError(
        f"{text[:40]!r} is not a date or date-time (use 2019-12-01, 2019-12-01T14:30 "
        "or 01/12/2019 14:30)"
    )
