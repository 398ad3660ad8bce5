"""Tables of the discharge read model. All of it can be dropped and rebuilt from the log.

`episode_facts` keeps every published fact with the time it happened and the time it was
recorded, so any return can be counted "as it stood at T". `episodes` holds each episode's
admission and its state as known now, for the live delays list. `episode_census` holds each
episode's delayed midnights as known now, as runs (services/discharge/domain/census.py), and
`episode_leavings` how it left, so a month's return is one aggregate query.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Index, Integer, MetaData, String, Table

from events.platform.readmodels import positions_table

metadata = MetaData()

episodes = Table(
    "episodes",
    metadata,
    Column("episode_id", String(36), primary_key=True),
    Column("provider_code", String(20), nullable=False),
    Column("provider_name", String(200), nullable=False),
    Column("site", String(200), nullable=False),
    Column("ward", String(100), nullable=False),
    Column("care_type", String(20), nullable=False),
    Column("la_code", String(20), nullable=False),
    Column("la_name", String(200), nullable=False),
    Column("admitted_at", DateTime, nullable=False),  # naive UTC, like every time here
    Column("recorded_at", DateTime, nullable=False),
    # the latest ending ever recorded: windows select on it (a superset for "as at")
    Column("latest_end_at", DateTime),
    Column("first_end_at", DateTime),  # with latest_end_at: every ending ever recorded lies between
    # the earliest readiness ever recorded: the returns only read episodes that were ready
    Column("first_ready_at", DateTime),
    # state as known now
    Column("ready_since", DateTime),
    Column("pathway", String(5)),
    Column("ended_kind", String(20)),
    Column("blockers", JSON, nullable=False, default=list),
    Column("outstanding_assessments", JSON, nullable=False, default=list),
    Column("last_change_at", DateTime, nullable=False),
    Index("ix_episodes_window", "first_ready_at", "latest_end_at"),
    Index("ix_episodes_live", "ended_kind", "ready_since"),
)

episode_facts = Table(
    "episode_facts",
    metadata,
    Column("episode_id", String(36), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("occurred_at", DateTime, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("data", JSON, nullable=False),
)


def _grouped(code: str, name: str) -> tuple[str, ...]:
    """An index's columns for a DTOC return grouped by (`code`, `name`): the groups first."""
    return (code, name, "reason", "agency", "care_type", "first_day", "last_day")


# Each episode's delayed midnights as known now, replaced whole whenever it gains a fact. Days
# are UK calendar days as `date.toordinal()`: plain integers, so the overlap of a run with a
# month is the same arithmetic on SQLite and PostgreSQL. Who and where it counts is copied from
# `episodes`, so a return reads this table alone.
episode_census = Table(
    "episode_census",
    metadata,
    Column("episode_id", String(36), primary_key=True),
    Column("first_day", Integer, primary_key=True),
    Column("last_day", Integer),  # NULL: still delayed, every midnight from first_day on
    Column("ready_since", DateTime, nullable=False),
    Column("reason", String(10)),  # the primary DTOC reason and agency (NULL: none in force)
    Column("agency", String(20)),
    Column("pocd_reason", String(40)),
    Column("provider_code", String(20), nullable=False),
    Column("provider_name", String(200), nullable=False),
    Column("la_code", String(20), nullable=False),
    Column("la_name", String(200), nullable=False),
    Column("care_type", String(20), nullable=False),
    # A month's return reads one of these alone, already in its groups' order: no table
    # lookups and no sort (SQLite: about a quarter of the time of a scan and a sort).
    Index("ix_episode_census_la", *_grouped("la_code", "la_name")),
    Index("ix_episode_census_provider", *_grouped("provider_code", "provider_name")),
)

# How each episode left hospital as known now (`timeline.leaving`): one row each, replaced
# with its census, for the DRD return. `day` as `date.toordinal()`, like the census's.
episode_leavings = Table(
    "episode_leavings",
    metadata,
    Column("episode_id", String(36), primary_key=True),
    Column("day", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("delay_days", Integer, nullable=False),  # the day left - the DRD
    Column("provider_code", String(20), nullable=False),
    Column("provider_name", String(200), nullable=False),
    Column("la_code", String(20), nullable=False),
    Column("la_name", String(200), nullable=False),
    Column("care_type", String(20), nullable=False),
    # covering: a month's DRD reads the month's range of it alone, by LA or by provider
    Index(
        "ix_episode_leavings_day",
        *("day", "kind", "care_type", "la_code", "la_name", "provider_code", "provider_name"),
        "delay_days",
    ),
)

positions = positions_table(metadata)

# The primary-reason rule the census was counted with: kept beside the read model, not in it
# (a rebuild leaves it), so a service started with another rule knows to count it again.
census_metadata = MetaData()
census_rule = Table("census_rule", census_metadata, Column("rule", String(200), primary_key=True))
