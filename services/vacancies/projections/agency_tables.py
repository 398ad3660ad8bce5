"""Tables of the home care agencies' read model, apart from the care homes' (their own
metadata and positions), so the agency index is rebuilt and switched in on its own. All of it
can be dropped and rebuilt from the log."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Float, Integer, MetaData, String, Table, Text

from events.platform.readmodels import positions_table

agency_metadata = MetaData()

agencies = Table(
    "agencies",
    agency_metadata,
    Column("agency_id", String(36), primary_key=True),
    Column("cqc_location_id", String(40), nullable=False),
    Column("name", String(200), nullable=False),
    Column("provider_id", String(100), nullable=False, index=True),
    Column("council_code", String(20), nullable=False, index=True),
    # Space-separated words, padded (" a b ") so LIKE '% a %' matches whole words.
    Column("zones", Text, nullable=False),
    Column("services", String(100), nullable=False),
    Column("suspended", Boolean, nullable=False, default=False),  # for every council
    Column("suspension_reason", String(40)),
    Column("suspended_for", Text, nullable=False, default=" "),  # councils, padded words
    Column("version", Integer, nullable=False),
)

# One row per agency, zone and time band, from the zone's latest report.
agency_capacity = Table(
    "agency_capacity",
    agency_metadata,
    Column("agency_id", String(36), primary_key=True),
    Column("zone", String(20), primary_key=True),
    Column("band", String(10), primary_key=True),
    Column("hours", Float, nullable=False),
    Column("available_from", String(10), nullable=False),  # ISO date
    Column("double_handed", Boolean, nullable=False),
    Column("reported_at", DateTime(), nullable=False),
)

# The hours an agency holds for packages, one row per hold and time band while it holds
# them: a search's free hours are the zone's report less these.
agency_held = Table(
    "agency_held",
    agency_metadata,
    Column("hold_id", String(36), primary_key=True),
    Column("band", String(10), primary_key=True),
    Column("agency_id", String(36), nullable=False, index=True),
    Column("zone", String(20), nullable=False),
    Column("hours", Float, nullable=False),
    Column("reference", String(100), nullable=False),
)

agency_positions = positions_table(agency_metadata, "agency_positions")
