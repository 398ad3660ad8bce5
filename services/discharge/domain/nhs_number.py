"""The NHS number's modulus-11 check digit, by the one definition in events.bounds."""

from __future__ import annotations

from events.bounds.codes import check_nhs_number as _checked
from services.discharge.domain.errors import InvalidInput


def check_nhs_number(value: str) -> str:
    """Return the ten digits of a valid NHS number (3-3-4 spacing allowed), or refuse it.
    Only ASCII digits count: '943476591²' is refused, not a crash."""
    try:
        return _checked(value)
    except ValueError as exc:
        raise InvalidInput("nhs_number", str(exc)) from None
