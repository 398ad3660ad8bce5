"""Tables of the vacancies read model. All of it can be dropped and rebuilt from the log."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from events.platform.readmodels import positions_table

metadata = MetaData()

care_homes = Table(
    "care_homes",
    metadata,
    Column("home_id", String(36), primary_key=True),
    Column("cqc_location_id", String(40), nullable=False),
    Column("name", String(200), nullable=False),
    Column("provider_id", String(100), nullable=False, index=True),
    Column("la_code", String(20), nullable=False),
    Column("la_name", String(100), nullable=False),
    Column("locality", String(100), nullable=False),
    Column("postcode", String(12), nullable=False),
    Column("latitude", Float, nullable=False),
    Column("longitude", Float, nullable=False),
    Column("registered_beds", Integer, nullable=False),
    # Space-separated vocab words, padded (" a b ") so LIKE '% a %' matches whole words.
    Column("registrations", String(100), nullable=False),
    Column("care_categories", String(300), nullable=False),
    Column("specialisms", String(300), nullable=False),
    Column("rating", String(30)),
    Column("rating_rank", Integer, nullable=False, default=0),
    Column("rated_on", String(10)),
    Column("suspended", Boolean, nullable=False, default=False),  # for every council
    Column("suspension_reason", String(40)),
    # the councils that suspended their own placements here, as padded words (" a b ")
    Column("suspended_for", Text, nullable=False, default=" "),
    Column("closing_on", String(10)),
    Column("last_reported_at", DateTime()),
    Column("version", Integer, nullable=False),
    Index("ix_care_homes_area", "la_code", "locality"),
    Index("ix_care_homes_lat_lon", "latitude", "longitude"),
)

bed_counts = Table(
    "bed_counts",
    metadata,
    Column("home_id", String(36), primary_key=True),
    Column("bed_type", String(60), primary_key=True),
    Column("free", Integer, nullable=False),
)

reservations = Table(
    "reservations",
    metadata,
    Column("reservation_id", String(36), primary_key=True),
    Column("home_id", String(36), nullable=False, index=True),
    Column("bed_type", String(60), nullable=False),
    Column("reference", String(100), nullable=False),
    Column("expires_at", DateTime(), nullable=False),
    Column("status", String(12), nullable=False),
)

# Where each home last said each of its postcodes lies: one row per home and postcode, so
# that a home's rows follow from its own events alone (a rebuild is shared out by home).
# Homes may share a postcode: a postcode is where the latest report of any home puts it.
postcodes = Table(
    "postcodes",
    metadata,
    Column("postcode", String(12), primary_key=True),
    Column("home_id", String(36), primary_key=True),
    Column("latitude", Float, nullable=False),
    Column("longitude", Float, nullable=False),
    Column("reported_at", DateTime(), nullable=False),
    Index("ix_postcodes_home", "home_id"),  # a live batch replaces its homes' reports
)

positions = positions_table(metadata)

RATING_RANK = {"inadequate": 1, "requires_improvement": 2, "good": 3, "outstanding": 4}
