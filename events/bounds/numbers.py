"""Numbers a real record can hold: finite, and inside what a care home, a map of the UK or a
week of care can be."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

MAX_BEDS = 2_000  # the largest registered care homes in England have a few hundred beds

Beds = Annotated[
    int, Field(ge=1, le=MAX_BEDS, description="registered beds of one home (1 to 2,000)")
]
FreeBeds = Annotated[
    int, Field(ge=0, le=MAX_BEDS, description="free beds of one type at one home (0 to 2,000)")
]
# The UK with its islands: Scilly and the Channel Islands in the south, Shetland in the north,
# Fermanagh in the west, Lowestoft in the east.
Latitude = Annotated[
    float,
    Field(ge=49.0, le=61.0, allow_inf_nan=False, description="degrees north, inside the UK"),
]
Longitude = Annotated[
    float,
    Field(ge=-8.7, le=1.8, allow_inf_nan=False, description="degrees east, inside the UK"),
]
DistanceKm = Annotated[
    float,
    Field(gt=0, le=500, allow_inf_nan=False, description="a search radius in km (up to 500)"),
]
HoldHours = Annotated[
    float,
    Field(gt=0, le=24 * 14, allow_inf_nan=False, description="hours, up to two weeks (336)"),
]
ReportAgeHours = Annotated[
    float,
    Field(
        gt=0,
        le=24 * 90,
        allow_inf_nan=False,
        description="how old a vacancy report may be, in hours (up to 90 days)",
    ),
]
Money = Annotated[
    float,
    Field(ge=0, le=20_000, allow_inf_nan=False, description="pounds a week (0 to 20,000)"),
]
WaitDays = Annotated[
    int, Field(ge=0, le=3_650, description="days of waiting or delay (0 to 3,650)")
]
MAX_WEEKLY_HOURS = 2_000  # a large agency's whole zone block is a few thousand hours a week
WeeklyHours = Annotated[
    float,
    Field(
        ge=0,
        le=MAX_WEEKLY_HOURS,
        allow_inf_nan=False,
        description="hours of care a week, in one zone and time band (0 to 2,000)",
    ),
]
MAX_CALLS_A_DAY = 4  # one a time band: morning, lunch, tea and bed
CallsADay = Annotated[
    int,
    Field(ge=1, le=MAX_CALLS_A_DAY, description="home care calls a day (1 to 4, one a time band)"),
]
MIN_CALL_MINUTES, MAX_CALL_MINUTES = 15, 120  # shorter is no real visit; longer is a sitting
CallMinutes = Annotated[
    int,
    Field(
        ge=MIN_CALL_MINUTES,
        le=MAX_CALL_MINUTES,
        description="minutes a home care call (15 to 120)",
    ),
]
