"""The waiting list and the referral log, from the broker's own events."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from events.contracts import broker as b
from events.platform.timeutil import naive_utc
from events.registry import Payload
from events.serialisation import Message
from services.broker.projections.tables import referrals, requests

STAGE_AFTER: dict[type[Payload], str] = {
    b.BedReservationRequested: "offer_pending",
    b.OfferConfirmed: "offered",
    b.OfferAccepted: "accepted",
    b.AdmissionBooked: "admission_booked",
}


class WaitingList:
    def apply(self, conn: Connection, message: Message[Payload]) -> None:
        p, env = message.payload, message.envelope
        rid, at = str(env.aggregate_id), naive_utc(env.occurred_at)
        values: dict[str, Any] = {"last_change_at": at}
        if isinstance(p, b.PlacementRequested):
            conn.execute(
                requests.insert().values(
                    request_id=rid,
                    council_code=p.council_code,
                    episode_id=str(p.episode_id) if p.episode_id else None,
                    location=p.location,
                    registration=p.registration,
                    care_category=p.care_category,
                    specialisms=p.specialisms,
                    preferred_localities=p.preferred_localities,
                    funding=p.funding,
                    urgency=p.urgency,
                    stage=p.status,
                    waiting_for="",
                    requested_at=at,
                    last_change_at=at,
                )
            )
        elif isinstance(p, b.PlacementDetailsCompleted):
            values.update(
                registration=p.registration,
                care_category=p.care_category,
                specialisms=p.specialisms,
                preferred_localities=p.preferred_localities,
                funding=p.funding,
                urgency=p.urgency,
            )
            stage = conn.execute(
                select(requests.c.stage).where(requests.c.request_id == rid)
            ).scalar()
            values["stage"] = "seeking" if stage == "needs_details" else stage
        elif isinstance(p, b.ReferralSent):
            conn.execute(
                referrals.insert().values(
                    request_id=rid,
                    referral_id=p.referral_id,
                    home_id=str(p.home_id),
                    sent_at=at,
                    answer_by=naive_utc(p.answer_by),
                    status="sent",
                    escalated=False,
                )
            )
        elif isinstance(p, (b.ReferralAccepted, b.ReferralDeclined)):
            answered = "accepted" if isinstance(p, b.ReferralAccepted) else "declined"
            conn.execute(
                update(referrals)
                .where(referrals.c.request_id == rid, referrals.c.referral_id == p.referral_id)
                .values(
                    status=answered,
                    answered_at=at,
                    decline_reason=getattr(p, "reason", None),
                )
            )
        elif isinstance(p, b.ReferralEscalated):
            conn.execute(
                update(referrals)
                .where(referrals.c.request_id == rid, referrals.c.referral_id == p.referral_id)
                .values(escalated=True)
            )
        elif type(p) in STAGE_AFTER:
            values["stage"] = STAGE_AFTER[type(p)]
        elif isinstance(p, (b.OfferFailed, b.OfferDeclined)):
            current = conn.execute(
                select(requests.c.stage).where(requests.c.request_id == rid)
            ).scalar()
            values["stage"] = "interim" if current == "interim" else "seeking"
        elif isinstance(p, b.PlacementAdmitted):
            values["stage"] = "interim" if p.interim else "placed"
            if not p.interim:
                values["closed_at"] = at
        elif isinstance(p, b.PlacementCancelled):
            values.update(stage="cancelled", closed_at=at)
        conn.execute(update(requests).where(requests.c.request_id == rid).values(**values))
        self._waiting_for(conn, rid)

    def _waiting_for(self, conn: Connection, rid: str) -> None:
        stage = conn.execute(select(requests.c.stage).where(requests.c.request_id == rid)).scalar()
        counts: dict[str, int] = dict(
            conn.execute(
                select(referrals.c.status, func.count())
                .where(referrals.c.request_id == rid)
                .group_by(referrals.c.status)
            ).all()
        )
        text = {
            "needs_details": "the assessed needs to be recorded",
            "offer_pending": "the home to confirm the bed is held",
            "offered": "the person's and family's choice",
            "accepted": "an admission date",
            "admission_booked": "the admission",
            "placed": "",
            "cancelled": "",
        }.get(stage or "")
        if text is None:  # seeking or interim
            if counts.get("accepted"):
                text = "assessment by a home that accepted, then an offer"
            elif counts.get("sent"):
                text = f"answers from {counts['sent']} home(s)"
            else:
                text = "referrals to homes with a suitable bed"
        conn.execute(update(requests).where(requests.c.request_id == rid).values(waiting_for=text))
