"""Codes with their published patterns: ODS (NHS organisations, ICBs), ONS (councils), the CQC
location id, the NHS number with its check digit, UK postcodes. Letters are taken in either
case and kept upper case, as published."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


OdsCode = Annotated[
    str,
    StringConstraints(max_length=6, pattern=r"^[A-Z0-9]{3,6}$"),
    BeforeValidator(_upper),  # runs first: after the constraints, it wraps them
    Field(description="an ODS organisation code: 3 to 6 letters and digits (RTG, RTG01)"),
]
IcbCode = Annotated[
    str,
    StringConstraints(max_length=3, pattern=r"^Q[A-Z0-9]{2}$"),
    BeforeValidator(_upper),  # runs first: after the constraints, it wraps them
    Field(description="an integrated care board's ODS code: Q and 2 letters or digits (QYG)"),
]
OnsCode = Annotated[
    str,
    StringConstraints(max_length=9, pattern=r"^[EWSN]\d{8}$"),
    BeforeValidator(_upper),  # runs first: after the constraints, it wraps them
    Field(description="an ONS area code: E, W, S or N and 8 digits (E08000014)"),
]
LaOfResidence = Annotated[
    str,
    StringConstraints(max_length=9, pattern=r"^([EWSN]\d{8}|X)$"),
    BeforeValidator(_upper),  # runs first: after the constraints, it wraps them
    Field(
        description="the ONS code of the council of residence; S92000003 Scotland, "
        "W92000004 Wales, X outside GB"
    ),
]
CqcLocationId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=14, pattern=r"^1-\d{1,12}$"),
    Field(description="a CQC location id: 1- and up to 12 digits (1-1000000001)"),
]
ProviderId = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$"
    ),
    Field(description="a care provider's id (its CQC provider id or the council's own code)"),
]
Postcode = Annotated[
    str,
    StringConstraints(max_length=8, pattern=r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$"),
    BeforeValidator(_upper),  # runs first: after the constraints, it wraps them
    Field(description="a UK postcode (PR8 1AA)"),
]
BedType = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=3, max_length=60, pattern=r"^[a-z_]+-[a-z_]+$"
    ),
    Field(description="<registration>-<category>, e.g. nursing-dementia"),
]

_NHS_SHAPE = re.compile(r"^\d{3}[ -]?\d{3}[ -]?\d{4}$", re.ASCII)
# Ten digits in free text, not inside a longer run of letters or digits: a uuid's 12-digit tail
# or a pseudonym's hex is not an NHS number. Redaction and the leak tests share it.
NHS_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{3}[ -]?\d{3}[ -]?\d{4}(?![0-9A-Za-z])", re.ASCII)


def check_nhs_number(value: str) -> str:
    """The ten digits of a valid NHS number (3-3-4 spacing allowed), or ValueError. Only
    ASCII digits count: a superscript or another script's digit is not an NHS number."""
    if not _NHS_SHAPE.match(value.strip()):
        raise ValueError("an NHS number has ten digits (spaces or hyphens between 3-3-4)")
    digits = re.sub(r"[ -]", "", value.strip())
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    if check == 10 or check != int(digits[9]):
        raise ValueError("the check digit is wrong: check the number")
    return digits


NhsNumber = Annotated[
    str,
    StringConstraints(max_length=12),
    AfterValidator(check_nhs_number),
    Field(description="an NHS number: ten digits passing the modulus 11 check"),
]
ZoneCode = Annotated[
    str,
    StringConstraints(max_length=20, pattern=r"^[A-Z0-9][A-Z0-9-]{0,19}$"),
    BeforeValidator(_upper),  # runs first: after the constraints, it wraps them
    Field(
        description="a council's home care zone: 1 to 20 letters, digits and hyphens "
        "(SEF-NORTH), unique within the council"
    ),
]
PostcodeDistrict = Annotated[
    str,
    StringConstraints(max_length=4, pattern=r"^[A-Z]{1,2}\d[A-Z\d]?$"),
    BeforeValidator(_upper),  # runs first: after the constraints, it wraps them
    Field(description="a postcode district, the part before the space (PR8, L37, EC1A)"),
]
