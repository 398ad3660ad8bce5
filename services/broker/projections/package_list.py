"""The package requests and their offers to agencies, from the broker's own log: a council's
list of the packages it is sourcing, an agency provider's list of the offers made to it and
the sweeper's overdue offers read them. Its own tables and positions (`package-list`), rebuilt
from the log on its own."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, MetaData, String, Table, select
from sqlalchemy.engine import Connection

from events.contracts import packages as pk
from events.delivery.projectors import PerAggregateReplay, Recorded
from events.platform.readmodels import positions_table
from events.platform.shadow import bulk_insert_rows
from events.platform.timeutil import naive_utc
from events.registry import Payload
from events.serialisation import Message

Row = dict[str, Any]
package_metadata = MetaData()

packages = Table(
    "packages",
    package_metadata,
    Column("request_id", String(36), primary_key=True),
    Column("council_code", String(20), nullable=False, index=True),
    Column("episode_id", String(36)),
    Column("location", String(20), nullable=False),
    Column("stage", String(20), nullable=False),
    Column("urgency", String(20), nullable=False),
    Column("zone", String(20)),
    Column("service", String(20)),
    Column("hours", JSON),  # carer hours a week by band
    Column("double_handed", Boolean),
    Column("start_on", Date),
    Column("agency_id", String(36)),  # of the live or last hold
    Column("requested_at", DateTime, nullable=False),  # for a ward's request: the readiness
    Column("sourced_at", DateTime),  # when an agency first held the hours (the reports' 24/48h)
    Column("changed_at", DateTime, nullable=False),
)

package_offers = Table(
    "package_offers",
    package_metadata,
    Column("request_id", String(36), primary_key=True),
    Column("offer_id", String(64), primary_key=True),
    Column("agency_id", String(36), nullable=False, index=True),
    Column("council_code", String(20), nullable=False),
    Column("zone", String(20), nullable=False),
    Column("hours", JSON, nullable=False),
    Column("total_hours", Float, nullable=False),
    Column("status", String(20), nullable=False),  # sent, escalated, accepted, declined
    Column("escalated", Boolean, nullable=False),
    Column("sent_at", DateTime, nullable=False),
    Column("answer_by", DateTime, nullable=False),
    Column("answered_at", DateTime),
    Column("decline_reason", String(40)),
)

package_positions = positions_table(package_metadata, "package_positions")
STAGE_AFTER = {
    pk.PackageHoursRequested: "hold_pending",
    pk.PackageHoursConfirmed: "offered",
    pk.PackageHoursFailed: "sourcing",
    pk.PackageAccepted: "accepted",
    pk.PackageDeclined: "sourcing",
    pk.PackageStartBooked: "start_booked",
    pk.PackageStarted: "started",
    pk.PackageFellThrough: "sourcing",
    pk.PackageCancelled: "cancelled",
}
CARE = ("zone", "service", "double_handed", "start_on")


class PackageRows:
    __slots__ = ("request_id", "package", "offers")

    def __init__(self, request_id: str) -> None:
        self.request_id = request_id
        self.package: Row | None = None
        self.offers: dict[str, Row] = {}

    def apply(self, event: Recorded) -> None:
        p, at = event.payload, naive_utc(event.occurred_at)
        if isinstance(p, pk.PackageRequested):
            self.package = {
                "request_id": self.request_id, "council_code": p.council_code,
                "episode_id": str(p.episode_id) if p.episode_id else None,
                "location": p.location, "stage": p.status, "urgency": p.urgency,
                "hours": None, "agency_id": None, "requested_at": at, "sourced_at": None,
                "changed_at": at,
            } | {f: getattr(p, f) for f in CARE}  # fmt: skip
            if p.calls_a_day:
                self.package["hours"] = _hours(
                    p.call_bands or [], p.minutes_a_call or 0, bool(p.double_handed)
                )
            return
        package = self.package
        if package is None:
            return  # not a package request's event
        package["changed_at"] = at
        if isinstance(p, pk.PackageNeedsRecorded):
            package.update({f: getattr(p, f) for f in CARE}, urgency=p.urgency)
            package["hours"] = _hours(p.call_bands, p.minutes_a_call, p.double_handed)
            if package["stage"] == "needs_details":
                package["stage"] = "sourcing"
        elif isinstance(p, pk.PackageOffered):
            self.offers[p.offer_id] = {
                "request_id": self.request_id, "offer_id": p.offer_id,
                "agency_id": str(p.agency_id), "council_code": p.council_code, "zone": p.zone,
                "hours": p.hours, "total_hours": round(sum(p.hours.values()), 2),
                "status": "sent", "escalated": False, "sent_at": at,
                "answer_by": naive_utc(p.answer_by), "answered_at": None, "decline_reason": None,
            }  # fmt: skip
        elif isinstance(p, (pk.PackageOfferAccepted, pk.PackageOfferDeclined)):
            offer = self.offers.get(p.offer_id)
            if offer is not None:
                accepted = isinstance(p, pk.PackageOfferAccepted)
                offer.update(status="accepted" if accepted else "declined", answered_at=at)
                offer["decline_reason"] = None if accepted else p.reason  # type: ignore[union-attr]
        elif isinstance(p, pk.PackageOfferEscalated):
            if (offer := self.offers.get(p.offer_id)) is not None:
                offer.update(status="escalated", escalated=True)
        elif isinstance(p, pk.PackageReopened):
            package["stage"] = p.stage
        elif type(p) in STAGE_AFTER:
            package["stage"] = STAGE_AFTER[type(p)]
            if isinstance(p, pk.PackageHoursRequested):
                package["agency_id"] = str(p.agency_id)
            elif isinstance(p, pk.PackageHoursConfirmed) and package["sourced_at"] is None:
                package["sourced_at"] = at

    def load(self, package: Row | None, offers: list[Row]) -> None:
        self.package = package
        self.offers = {o["offer_id"]: o for o in offers}


def _hours(bands: list[str], minutes: int, double_handed: bool) -> dict[str, float]:
    each = round(minutes * 7 * (2 if double_handed else 1) / 60, 2)
    return dict.fromkeys(bands, each)


class PackageList:
    def apply(self, conn: Connection, message: Message[Payload]) -> None:
        self.apply_batch(conn, [message])

    def apply_batch(self, conn: Connection, messages: list[Message[Payload]]) -> None:
        events = [Recorded.of(m) for m in messages]
        found = {str(e.aggregate_id): PackageRows(str(e.aggregate_id)) for e in events}
        ids = list(found)
        rows = {r.request_id: dict(r._mapping) for r in _select(conn, packages, ids)}
        if not rows and not any(isinstance(e.payload, pk.PackageRequested) for e in events):
            return  # a batch of bed requests' events only
        offers: dict[str, list[Row]] = {}
        for r in _select(conn, package_offers, ids):
            offers.setdefault(r.request_id, []).append(dict(r._mapping))
        for request_id, state in found.items():
            state.load(rows.get(request_id), offers.get(request_id, []))
        for event in events:
            found[str(event.aggregate_id)].apply(event)
        for table in (package_offers, packages):
            conn.execute(table.delete().where(table.c.request_id.in_(ids)))
        _write(conn, list(found.values()))

    def replay(self, conn: Connection) -> PerAggregateReplay[PackageRows]:
        return PerAggregateReplay(conn, PackageRows, _write)


def _select(conn: Connection, table: Table, ids: list[str]) -> list[Any]:
    return list(conn.execute(select(table).where(table.c.request_id.in_(ids))))


def _write(conn: Connection, found: list[PackageRows]) -> None:
    bulk_insert_rows(conn, packages, [r.package for r in found if r.package is not None])
    bulk_insert_rows(conn, package_offers, [o for r in found for o in r.offers.values()])
