"""Dates as the NHS counts them: the local (UK) calendar day of an instant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def local_date(at: datetime) -> date:
    return at.astimezone(UK).date()


def end_of_day(day: date) -> datetime:
    """24:00 on `day` in UK time (= 00:00 the next day), as an aware UTC instant."""
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=UK).astimezone(UTC)


def as_uk(at: datetime) -> datetime:
    """A naive time is UK local time (how trackers record it); an aware one is kept."""
    return at.replace(tzinfo=UK) if at.tzinfo is None else at


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def month_bounds(month: str) -> tuple[date, date]:
    """'2019-12' -> (1 Dec 2019, 31 Dec 2019)."""
    year, mon = (int(x) for x in month.split("-"))
    first = date(year, mon, 1)
    nxt = date(year + (mon == 12), mon % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def third_wednesday(month: str) -> date:
    first, _ = month_bounds(month)
    offset = (2 - first.weekday()) % 7  # Monday is 0, Wednesday 2
    return first + timedelta(days=offset + 14)


def last_thursday(month: str) -> date:
    """The day of the DTOC snapshot before April 2017: patients delayed that night."""
    _, last = month_bounds(month)
    return last - timedelta(days=(last.weekday() - 3) % 7)  # Thursday is 3


def last_census_day(now: datetime) -> date:
    """The last day whose census (24:00, UK time) has passed by `now`: yesterday in the UK."""
    return local_date(now) - timedelta(days=1)


MONTH_TO_DATE, WHOLE_MONTH, FUTURE_MONTH = "month to date", "whole month", "future month"


@dataclass(frozen=True)
class Period:
    """The days of a month a return counts: all of a past month, only those whose midnight
    has passed of the month in progress, none of a month to come."""

    month: str
    first: date
    month_end: date
    counted_to: date  # the last census that has passed; may lie outside the month

    @classmethod
    def of(cls, month: str, counted_to: date | None = None) -> Period:
        """`counted_to` None: the whole month, as for a month long past."""
        first, month_end = month_bounds(month)
        return cls(month, first, month_end, month_end if counted_to is None else counted_to)

    @property
    def last(self) -> date:
        """The last day counted (the day before `first` when none is yet)."""
        return max(min(self.month_end, self.counted_to), self.first - timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def status(self) -> str:
        if self.counted_to >= self.month_end:
            return WHOLE_MONTH
        # the census of the day before the 1st has passed once the 1st has begun
        return MONTH_TO_DATE if self.counted_to >= self.first - timedelta(days=1) else FUTURE_MONTH

    @property
    def label(self) -> str:
        """One line for machines and CSV title rows: `month to date, to 2026-12-03`."""
        if self.status == WHOLE_MONTH:
            return f"{WHOLE_MONTH}, {self.first.isoformat()} to {self.last.isoformat()}"
        if self.status == FUTURE_MONTH:
            return f"{FUTURE_MONTH}, nothing counted"
        if self.days == 0:
            return f"{MONTH_TO_DATE}, no midnight passed yet"
        return f"{MONTH_TO_DATE}, to {self.last.isoformat()}"

    @property
    def note(self) -> str:
        """For people: `Month to date: 1-3 December 2026`."""
        name = f"{self.first:%B %Y}"
        if self.status == FUTURE_MONTH:
            return f"{name} has not begun: nothing is counted yet"
        if self.days == 0:
            return f"Month to date: no midnight of {name} has passed yet"
        span = f"{self.first.day}-{self.last.day}" if self.days > 1 else f"{self.first.day}"
        heading = "Whole month" if self.status == WHOLE_MONTH else "Month to date"
        return f"{heading}: {span} {name}"
