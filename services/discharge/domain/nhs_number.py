"""The NHS number's modulus-11 check digit."""

from __future__ import annotations

from services.discharge.domain.errors import InvalidInput


def check_nhs_number(value: str) -> str:
    """Return the ten digits of a valid NHS number (spaces allowed), or refuse it."""
    digits = value.replace(" ", "").replace("-", "")
    if len(digits) != 10 or not digits.isdigit():
        raise InvalidInput("nhs_number", "an NHS number has ten digits")
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        raise InvalidInput("nhs_number", "the check digit is wrong: check the number")
    return digits
