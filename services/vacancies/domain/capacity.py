"""An agency's free capacity in one zone, as it last reported it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from events.bounds.numbers import MAX_WEEKLY_HOURS
from events.bounds.times import START_HORIZON, START_PAST, UK
from services.vacancies.domain.agency_words import BANDS, TimeBand
from services.vacancies.domain.errors import InvalidInput


@dataclass
class ZoneCapacity:
    """Hours a week the agency can start in the zone, by time band, from `available_from`."""

    hours: dict[str, float]  # every band, those not reported as 0
    available_from: date
    double_handed: bool
    reported_at: datetime  # moved on by a confirmation: the same figures reported again

    @property
    def total(self) -> float:
        return sum(self.hours.values())

    def age(self, now: datetime) -> timedelta:
        """Since the figures were last reported or said to be still correct."""
        return now - self.reported_at


def checked_hours(hours: dict[str, float]) -> dict[str, float]:
    """Every band's hours (those left out: none), each a real week's worth in one zone."""
    out = dict.fromkeys(BANDS, 0.0)
    for band, value in hours.items():
        try:
            name = TimeBand(band).value
        except ValueError:
            allowed = ", ".join(BANDS)
            raise InvalidInput(f"hours.{band}", f"not a time band: one of {allowed}") from None
        if not 0 <= value <= MAX_WEEKLY_HOURS or value != value:  # NaN is not a number of hours
            raise InvalidInput(f"hours.{band}", f"must be between 0 and {MAX_WEEKLY_HOURS:,}")
        out[name] = float(value)
    return out


def checked_start(available_from: date, reported_at: datetime) -> date:
    """A start a real report can name: not long before the day it was made (a report typed
    up a few days late), nor more than six months after it."""
    day = reported_at.astimezone(UK).date()
    if available_from < day - START_PAST:
        raise InvalidInput("available_from", "is before the week the report was made")
    if available_from > day + START_HORIZON:
        raise InvalidInput("available_from", "is more than six months after the report")
    return available_from
