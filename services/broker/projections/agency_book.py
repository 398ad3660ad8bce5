"""The broker's own book of home care agencies, built only from the vacancies service's
published agency events (topic `topics.AGENCIES`): who they are, the council whose market
they are on, the zones and services, suspensions, each zone's last report of free hours by
time band and the hours held there for packages. Never the vacancies service's database.

Its own tables, metadata and positions (fed by its own subscription), so it can be dropped
and rebuilt from the topic on its own."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Column, DateTime, Float, MetaData, String, Table, select
from sqlalchemy.engine import Connection

from events.contracts import homecare as h
from events.platform.readmodels import positions_table
from events.platform.timeutil import naive_utc
from events.registry import Payload
from events.serialisation import Message

book_metadata = MetaData()

book_agencies = Table(
    "book_agencies",
    book_metadata,
    Column("agency_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("provider_id", String(100), nullable=False, index=True),
    Column("council_code", String(20), nullable=False, index=True),
    Column("zones", JSON, nullable=False),
    Column("services", JSON, nullable=False),
    Column("suspended", Boolean, nullable=False, default=False),  # for every council
    Column("suspended_for", JSON, nullable=False),  # councils that stopped their own packages
)

book_capacity = Table(
    "book_capacity",
    book_metadata,
    Column("agency_id", String(36), primary_key=True),
    Column("zone", String(20), primary_key=True),
    Column("band", String(10), primary_key=True),
    Column("hours", Float, nullable=False),
    Column("available_from", String(10), nullable=False),  # ISO date
    Column("double_handed", Boolean, nullable=False),
    Column("reported_at", DateTime, nullable=False),
)

book_held = Table(
    "book_held",
    book_metadata,
    Column("hold_id", String(36), primary_key=True),
    Column("band", String(10), primary_key=True),
    Column("agency_id", String(36), nullable=False, index=True),
    Column("zone", String(20), nullable=False),
    Column("hours", Float, nullable=False),
)

book_positions = positions_table(book_metadata, "agency_book_positions")


class AgencyBook:
    """Applies the agencies' contracts the broker needs, one message at a time (agencies
    change rarely: no batching needed)."""

    def apply(self, conn: Connection, message: Message[Payload]) -> None:
        p, agency_id = message.payload, str(message.envelope.aggregate_id)
        if isinstance(p, h.AgencyRegistered):
            conn.execute(book_agencies.delete().where(book_agencies.c.agency_id == agency_id))
            conn.execute(
                book_agencies.insert(),
                {
                    "agency_id": agency_id, "name": p.name, "provider_id": p.provider_id,
                    "council_code": p.council_code, "zones": sorted(p.zones),
                    "services": sorted(p.services), "suspended": False, "suspended_for": [],
                },
            )  # fmt: skip
        elif isinstance(p, h.AgencyCapacityReported):
            mine = book_capacity.c.agency_id == agency_id
            conn.execute(book_capacity.delete().where(mine, book_capacity.c.zone == p.zone))
            rows = [
                {
                    "agency_id": agency_id, "zone": p.zone, "band": band, "hours": hours,
                    "available_from": p.available_from.isoformat(),
                    "double_handed": p.double_handed, "reported_at": naive_utc(p.reported_at),
                }
                for band, hours in p.hours.items()
            ]  # fmt: skip
            if rows:
                conn.execute(book_capacity.insert(), rows)
        elif isinstance(p, (h.AgencyPlacementsSuspended, h.AgencyPlacementsResumed)):
            _suspension(conn, agency_id, p)
        elif isinstance(p, h.AgencyHoursHeld):
            conn.execute(book_held.delete().where(book_held.c.hold_id == str(p.hold_id)))
            conn.execute(
                book_held.insert(),
                [
                    {"hold_id": str(p.hold_id), "band": band, "agency_id": agency_id,
                     "zone": p.zone, "hours": hours}
                    for band, hours in p.hours.items()
                ],
            )  # fmt: skip
        elif isinstance(p, (h.AgencyHoursReleased, h.AgencyHoursTakenUp)):
            conn.execute(book_held.delete().where(book_held.c.hold_id == str(p.hold_id)))
            if isinstance(p, h.AgencyHoursTakenUp):
                _take_up(conn, agency_id, p)


def _suspension(conn: Connection, agency_id: str, p: Any) -> None:
    row = conn.execute(
        select(book_agencies.c.suspended_for).where(book_agencies.c.agency_id == agency_id)
    ).first()
    if row is None:
        return  # nothing happens to an agency before it is registered
    suspending = isinstance(p, h.AgencyPlacementsSuspended)
    change: dict[str, Any]
    if p.council_code is None:
        change = {"suspended": suspending}
    else:
        councils = set(row.suspended_for) - {p.council_code}
        change = {"suspended_for": sorted(councils | ({p.council_code} if suspending else set()))}
    conn.execute(
        book_agencies.update().where(book_agencies.c.agency_id == agency_id).values(**change)
    )


def _take_up(conn: Connection, agency_id: str, p: h.AgencyHoursTakenUp) -> None:
    """The package's hours are the agency's work now, no longer free in its last report."""
    for band, hours in p.hours.items():
        key = (
            book_capacity.c.agency_id == agency_id,
            book_capacity.c.zone == p.zone,
            book_capacity.c.band == band,
        )
        free = conn.execute(select(book_capacity.c.hours).where(*key)).scalar()
        if free is not None:
            conn.execute(book_capacity.update().where(*key).values(hours=max(free - hours, 0.0)))
