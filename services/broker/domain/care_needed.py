"""The care a package request asks for, checked as a real package can be, and the hours a
week it takes at an agency.

The same bounds as the API's (events/bounds: calls a day, minutes a call, a start from a week
ago to six months ahead), so a command from the CLI, a policy or a test is refused alike,
naming the field. A zone is one of the council's (reference data the application passes in:
the domain reads no file).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from events.bounds.numbers import MAX_CALL_MINUTES, MAX_CALLS_A_DAY, MIN_CALL_MINUTES
from events.bounds.times import START_HORIZON, START_PAST, UK
from services.broker.domain.errors import InvalidInput
from services.broker.domain.package_words import BANDS, CareService, TimeBand
from services.broker.domain.vocabulary import parse


@dataclass(frozen=True)
class CareNeeded:
    calls_a_day: int
    call_bands: tuple[str, ...]  # one call in each, in the day's order
    minutes_a_call: int
    double_handed: bool  # two carers at every call
    service: str  # reablement or long_term
    start_on: date
    zone: str

    @property
    def carers(self) -> int:
        return 2 if self.double_handed else 1

    def weekly_hours(self) -> dict[str, float]:
        """Carer hours a week in each band the calls fall in: what the agency must hold."""
        each = round(self.minutes_a_call * 7 * self.carers / 60, 2)
        return {band: each for band in self.call_bands}

    @property
    def total_hours(self) -> float:
        return round(sum(self.weekly_hours().values()), 2)

    def as_fields(self) -> dict[str, Any]:
        """As an event records it (dates as ISO strings, bands as a list)."""
        return {
            "calls_a_day": self.calls_a_day,
            "call_bands": list(self.call_bands),
            "minutes_a_call": self.minutes_a_call,
            "double_handed": self.double_handed,
            "service": self.service,
            "start_on": self.start_on.isoformat(),
            "zone": self.zone,
        }

    @classmethod
    def of(cls, fields: Mapping[str, Any]) -> CareNeeded:
        """From what an event recorded (the inverse of `as_fields`)."""
        return cls(
            calls_a_day=int(fields["calls_a_day"]),
            call_bands=tuple(fields["call_bands"]),
            minutes_a_call=int(fields["minutes_a_call"]),
            double_handed=bool(fields["double_handed"]),
            service=str(fields["service"]),
            start_on=date.fromisoformat(str(fields["start_on"])),
            zone=str(fields["zone"]),
        )


def check_care(
    *,
    calls_a_day: int,
    call_bands: list[str],
    minutes_a_call: int,
    double_handed: bool,
    service: str,
    start_on: date,
    zone: str,
    council_zones: frozenset[str],
    asked_at: datetime,
) -> CareNeeded:
    """The care asked for, or InvalidInput naming the first field a real package cannot
    have. `council_zones`: the zones of the request's council."""
    if not 1 <= calls_a_day <= MAX_CALLS_A_DAY:
        raise InvalidInput("calls_a_day", f"must be between 1 and {MAX_CALLS_A_DAY}")
    bands = [parse(TimeBand, b, f"call_bands.{i}").value for i, b in enumerate(call_bands)]
    if len(set(bands)) != len(bands):
        raise InvalidInput("call_bands", "one call a time band: a band is named twice")
    if len(bands) != calls_a_day:
        raise InvalidInput("call_bands", f"name the time band of each of the {calls_a_day} calls")
    if not MIN_CALL_MINUTES <= minutes_a_call <= MAX_CALL_MINUTES:
        raise InvalidInput(
            "minutes_a_call", f"must be between {MIN_CALL_MINUTES} and {MAX_CALL_MINUTES}"
        )
    day = asked_at.astimezone(UK).date()
    if start_on < day - START_PAST:
        raise InvalidInput("start_on", "is more than a week before the request")
    if start_on > day + START_HORIZON:
        raise InvalidInput("start_on", "is more than six months after the request")
    if zone not in council_zones:
        known = ", ".join(sorted(council_zones)) or "none in the reference data"
        raise InvalidInput("zone", f"{zone!r} is not a zone of the council: {known}")
    return CareNeeded(
        calls_a_day=calls_a_day,
        call_bands=tuple(sorted(bands, key=BANDS.index)),
        minutes_a_call=minutes_a_call,
        double_handed=double_handed,
        service=parse(CareService, service, "service").value,
        start_on=start_on,
        zone=zone,
    )
