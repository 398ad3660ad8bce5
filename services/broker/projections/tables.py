"""Tables of the broker's read models.

`homes`, `free_beds`, `holds`, `council_suspensions`: the broker's own availability index,
built only from the vacancies service's published events. `hospital_episodes`: what the
broker knows of the discharge service's episodes. `requests`, `referrals`: the waiting list
and the referral log, from the broker's own event log. All can be dropped and rebuilt.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
)

from events.platform.readmodels import positions_table

index_metadata = MetaData()  # fed from Kafka topics (other services' events)

homes = Table(
    "homes",
    index_metadata,
    Column("home_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("provider_id", String(100), nullable=False),
    Column("la_code", String(20), nullable=False, index=True),
    Column("la_name", String(100), nullable=False),
    Column("locality", String(100), nullable=False),
    Column("postcode", String(12), nullable=False),
    Column("latitude", Float, nullable=False),
    Column("longitude", Float, nullable=False),
    Column("registrations", JSON, nullable=False),
    Column("care_categories", JSON, nullable=False),
    Column("specialisms", JSON, nullable=False),
    Column("rating", String(30)),
    Column("suspended", Boolean, nullable=False, default=False),  # for every council
    Column("closing_on", Date),
    Column("last_reported_at", DateTime),
)

free_beds = Table(
    "free_beds",
    index_metadata,
    Column("home_id", String(36), primary_key=True),
    Column("bed_type", String(60), primary_key=True),
    Column("free", Integer, nullable=False),
)

holds = Table(
    "holds",
    index_metadata,
    Column("reservation_id", String(36), primary_key=True),
    Column("home_id", String(36), nullable=False, index=True),
    Column("bed_type", String(60), nullable=False),
    Column("reference", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("expires_at", DateTime, nullable=False),
)

# A council's suspension of its own placements at a home (vacancies.PlacementsSuspended v2
# naming it): that council's requests are not matched or referred there; others' still are.
council_suspensions = Table(
    "council_suspensions",
    index_metadata,
    Column("home_id", String(36), primary_key=True),
    Column("council_code", String(20), primary_key=True),
)

hospital_episodes = Table(
    "hospital_episodes",
    index_metadata,
    Column("episode_id", String(36), primary_key=True),
    Column("provider_code", String(20), nullable=False),
    Column("provider_name", String(200), nullable=False),
    Column("ward", String(100), nullable=False),
    Column("la_code", String(20), nullable=False),
    Column("ready_since", DateTime),
    Column("pathway", String(5)),
    Column("ended", String(20)),
)

index_positions = positions_table(index_metadata, "index_positions")

waiting_metadata = MetaData()  # fed from the broker's own log

requests = Table(
    "requests",
    waiting_metadata,
    Column("request_id", String(36), primary_key=True),
    Column("council_code", String(20), nullable=False, index=True),
    Column("episode_id", String(36)),
    Column("location", String(20), nullable=False),
    Column("registration", String(20), nullable=False),
    Column("care_category", String(40)),
    Column("specialisms", JSON, nullable=False),
    Column("preferred_localities", JSON, nullable=False),
    Column("funding", String(30)),
    Column("urgency", String(20), nullable=False),
    Column("stage", String(30), nullable=False, index=True),
    Column("waiting_for", String(200), nullable=False),
    Column("requested_at", DateTime, nullable=False),
    Column("last_change_at", DateTime, nullable=False),
    Column("closed_at", DateTime),
)

referrals = Table(
    "referrals",
    waiting_metadata,
    Column("request_id", String(36), primary_key=True),
    Column("referral_id", String(64), primary_key=True),
    Column("home_id", String(36), nullable=False, index=True),
    Column("sent_at", DateTime, nullable=False),
    Column("answer_by", DateTime, nullable=False),
    Column("status", String(20), nullable=False),
    Column("answered_at", DateTime),
    Column("decline_reason", String(40)),
    Column("escalated", Boolean, nullable=False, default=False),
    # the home's assessment once it accepted: booked, met or not_met; by whom, on which day
    Column("assessment", String(20)),
    Column("assessor", String(30)),
    Column("assessment_on", Date),
)

waiting_positions = positions_table(waiting_metadata, "waiting_positions")
