"""Tables of the discharge read model. All of it can be dropped and rebuilt from the log.

`episode_facts` keeps every published fact with the time it happened and the time it was
recorded, so any return can be counted "as it stood at T". `episodes` holds each episode's
admission and its state as known now, for the live delays list.
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

positions = positions_table(metadata)
