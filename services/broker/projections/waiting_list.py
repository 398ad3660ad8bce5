"""The waiting list and the referral log, from the broker's own events.

The rules live once, in `RequestRows.apply`: how one placement request's rows (its
`requests` row and its `referrals`) change with each of its events. A live batch reads back
the rows of the requests it touches, applies its events and writes them back; a full rebuild
(`PerAggregateReplay`) keeps every request's rows in memory and bulk-loads them once. A request's
rows follow from its own events alone, so a rebuild may be shared out by request.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection

from events.contracts import broker as b
from events.delivery.projectors import PerAggregateReplay, Recorded
from events.platform.shadow import bulk_insert_rows
from events.platform.timeutil import naive_utc
from events.registry import Payload
from events.serialisation import Message
from services.broker.projections.tables import referrals, requests

Row = dict[str, Any]

STAGE_AFTER: dict[type[Payload], str] = {
    b.BedReservationRequested: "offer_pending",
    b.OfferConfirmed: "offered",
    b.OfferAccepted: "accepted",
    b.AdmissionBooked: "admission_booked",
}
WAITING_FOR = {
    "needs_details": "the assessed needs to be recorded",
    "offer_pending": "the home to confirm the bed is held",
    "offered": "the person's and family's choice",
    "accepted": "an admission date",
    "admission_booked": "the admission",
    "placed": "",
    "cancelled": "",
}
CHUNK = 500  # keys per IN (...) when reading or deleting a batch's rows
FLUSH_ROWS = 20_000  # rows per bulk write on a replay


class RequestRows:
    """One placement request's rows: `request` (None until it is requested) and its
    referrals by referral id."""

    __slots__ = ("request_id", "request", "referrals")

    def __init__(self, request_id: str) -> None:
        self.request_id = request_id
        self.request: Row | None = None
        self.referrals: dict[str, Row] = {}

    def apply(self, event: Recorded) -> None:
        p, at = event.payload, naive_utc(event.occurred_at)
        if isinstance(p, b.PlacementRequested):
            self.request = {
                "request_id": self.request_id,
                "council_code": p.council_code,
                "episode_id": str(p.episode_id) if p.episode_id else None,
                "location": p.location,
                "registration": p.registration,
                "care_category": p.care_category,
                "specialisms": p.specialisms,
                "preferred_localities": p.preferred_localities,
                "funding": p.funding,
                "urgency": p.urgency,
                "stage": p.status,
                "waiting_for": "",
                "requested_at": at,
                "last_change_at": at,
                "closed_at": None,
            }
        request = self.request
        if request is None:  # nothing happens to a request before it is made
            return
        request["last_change_at"] = at
        if isinstance(p, b.PlacementDetailsCompleted):
            request.update(
                registration=p.registration,
                care_category=p.care_category,
                specialisms=p.specialisms,
                preferred_localities=p.preferred_localities,
                funding=p.funding,
                urgency=p.urgency,
            )
            if request["stage"] == "needs_details":
                request["stage"] = "seeking"
        elif isinstance(p, b.ReferralSent):
            self.referrals[p.referral_id] = {
                "request_id": self.request_id,
                "referral_id": p.referral_id,
                "home_id": str(p.home_id),
                "sent_at": at,
                "answer_by": naive_utc(p.answer_by),
                "status": "sent",
                "answered_at": None,
                "decline_reason": None,
                "escalated": False,
                "assessment": None,
                "assessor": None,
                "assessment_on": None,
            }
        elif isinstance(p, (b.ReferralAccepted, b.ReferralDeclined)):
            if (referral := self.referrals.get(p.referral_id)) is not None:
                referral.update(
                    status="accepted" if isinstance(p, b.ReferralAccepted) else "declined",
                    answered_at=at,
                    decline_reason=getattr(p, "reason", None),
                )
        elif isinstance(p, b.ReferralEscalated):
            if (referral := self.referrals.get(p.referral_id)) is not None:
                referral["escalated"] = True
        elif isinstance(p, (b.AssessmentBooked, b.AssessmentCompleted)):
            self._assess(p)
        elif type(p) in STAGE_AFTER:
            request["stage"] = STAGE_AFTER[type(p)]
        elif isinstance(p, (b.OfferFailed, b.OfferDeclined)):
            request["stage"] = "interim" if request["stage"] == "interim" else "seeking"
        elif isinstance(p, b.PlacementAdmitted):
            request["stage"] = "interim" if p.interim else "placed"
            if not p.interim:
                request["closed_at"] = at
        elif isinstance(p, b.PlacementCancelled):
            request.update(stage="cancelled", closed_at=at)
        elif isinstance(p, b.PlacementReopened):
            request.update(stage=p.stage, closed_at=None)
        request["waiting_for"] = self._waiting_for(request["stage"])

    def _assess(self, p: b.AssessmentBooked | b.AssessmentCompleted) -> None:
        """The assessment is of the home's accepted referral (as the aggregate finds it)."""
        home = str(p.home_id)
        for referral in self.referrals.values():
            if referral["home_id"] == home and referral["status"] == "accepted":
                if isinstance(p, b.AssessmentBooked):
                    referral.update(assessment="booked", assessor=p.assessor, assessment_on=p.on)
                else:
                    referral["assessment"] = "met" if p.can_meet_needs else "not_met"
                return

    def _waiting_for(self, stage: str) -> str:
        text = WAITING_FOR.get(stage)
        if text is not None:
            return text
        # seeking or interim: what the referrals still out say
        statuses = [r["status"] for r in self.referrals.values()]
        if "accepted" in statuses:
            return "assessment by a home that accepted, then an offer"
        if sent := statuses.count("sent"):
            return f"answers from {sent} home(s)"
        return "referrals to homes with a suitable bed"


class WaitingList:
    def apply(self, conn: Connection, message: Message[Payload]) -> None:
        self.apply_batch(conn, [message])

    def apply_batch(self, conn: Connection, messages: list[Message[Payload]]) -> None:
        """Read back the touched requests' rows, apply the batch, replace them."""
        events = [Recorded.of(m) for m in messages]
        found = {str(e.aggregate_id): RequestRows(str(e.aggregate_id)) for e in events}
        if not found:
            return
        ids = list(found)
        for row in _rows(conn, requests, ids):
            found[row["request_id"]].request = row
        for row in _rows(conn, referrals, ids):
            found[row["request_id"]].referrals[row["referral_id"]] = row
        for event in events:
            found[str(event.aggregate_id)].apply(event)
        for table in (referrals, requests):
            for i in range(0, len(ids), CHUNK):
                conn.execute(table.delete().where(table.c.request_id.in_(ids[i : i + CHUNK])))
        if made := [r.request for r in found.values() if r.request is not None]:
            conn.execute(requests.insert(), made)
        if sent := [x for r in found.values() for x in r.referrals.values()]:
            conn.execute(referrals.insert(), sent)

    def replay(self, conn: Connection) -> PerAggregateReplay[RequestRows]:
        return PerAggregateReplay(conn, RequestRows, _write)


def _write(conn: Connection, found: list[RequestRows]) -> None:
    bulk_insert_rows(conn, requests, (r.request for r in found if r.request is not None))
    bulk_insert_rows(conn, referrals, (x for r in found for x in r.referrals.values()))


def _rows(conn: Connection, table: Table, ids: list[str]) -> list[Row]:
    out: list[Row] = []
    for i in range(0, len(ids), CHUNK):
        result = conn.execute(select(table).where(table.c.request_id.in_(ids[i : i + CHUNK])))
        out += [dict(r._mapping) for r in result]
    return out
