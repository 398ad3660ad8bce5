"""Dates as the NHS counts them: the local (UK) calendar day of an instant."""

from __future__ import annotations

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
