"""What a real record can hold: one definition of every field family's range, used by the
HTTP bodies, the query parameters, the CLI and the importer alike.

A value outside its range is refused at the edge with the field named (HTTP 422, a CLI
error, an import report line), so no command ever records it. `docs/bounds.md` is generated
from these definitions (`python -m events.bounds.docs`).
"""

from events.bounds.codes import (
    BedType,
    CqcLocationId,
    IcbCode,
    LaOfResidence,
    NhsNumber,
    OdsCode,
    OnsCode,
    Postcode,
    PostcodeDistrict,
    ProviderId,
    ZoneCode,
    check_nhs_number,
)
from events.bounds.numbers import (
    Beds,
    CallMinutes,
    CallsADay,
    DistanceKm,
    FreeBeds,
    HoldHours,
    Latitude,
    Longitude,
    Money,
    ReportAgeHours,
    WaitDays,
    WeeklyHours,
)
from events.bounds.text import CommandId, Ident, Name, Note, Reference, ShortText
from events.bounds.times import (
    FIRST_DAY,
    BusinessTime,
    Month,
    PastDate,
    PlannedDate,
    QueryTime,
    StartDate,
    parse_uk_time,
)

__all__ = [
    "FIRST_DAY",
    "BedType",
    "Beds",
    "BusinessTime",
    "CallMinutes",
    "CallsADay",
    "CommandId",
    "CqcLocationId",
    "DistanceKm",
    "FreeBeds",
    "HoldHours",
    "IcbCode",
    "Ident",
    "LaOfResidence",
    "Latitude",
    "Longitude",
    "Money",
    "Month",
    "Name",
    "NhsNumber",
    "Note",
    "OdsCode",
    "OnsCode",
    "PastDate",
    "PlannedDate",
    "Postcode",
    "PostcodeDistrict",
    "ProviderId",
    "QueryTime",
    "Reference",
    "ReportAgeHours",
    "ShortText",
    "StartDate",
    "WaitDays",
    "WeeklyHours",
    "ZoneCode",
    "check_nhs_number",
    "parse_uk_time",
]
