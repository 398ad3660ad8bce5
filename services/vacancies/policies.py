"""The vacancies side of the broker's bed-reservation saga (topic `topics.PLACEMENTS`).

When the broker asks for a bed for an offer, the home holds one under the offer's id, or
records why it cannot (no free bed of that type, placements suspended, the home closing, the
offer already withdrawn); either answer is published. When the offer is declined or fails,
or the placement is cancelled, the hold is released; a release that arrives before its
request is remembered, so the late request is refused. When the person is admitted, the
held bed becomes occupied. A message about a home this service does not know is logged and
skipped. Every handled message is stored with its position atomically with its effects, so
a redelivered message changes nothing; a poll's batch shares the rest of the work
(events/delivery/policy_batch.py).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from events.contracts import broker as b
from events.delivery.messages import Delivery
from events.delivery.policy_batch import act_on_one
from events.delivery.tracking import save_tracked
from events.platform.application import retry_on_conflict
from events.platform.errors import Conflict, InvalidInput, NotFound
from events.registry import Payload
from events.serialisation import Message
from services.vacancies.application import CareHomes
from services.vacancies.domain.care_home import CareHome
from services.vacancies.domain.errors import UnknownReservation

log = logging.getLogger(__name__)

Step = Callable[[CareHome], None]


class PlacementSaga:
    """Handles the broker's placement events for the care homes of `app`."""

    def __init__(self, app: CareHomes) -> None:
        self.app = app

    def handle(self, delivery: Delivery) -> None:
        act_on_one(self.app, delivery, self.act)

    def act(self, delivery: Delivery) -> bool:
        """Take one new delivery's step: True once its position is saved (with the home's
        new events, or alone), False when it is not a saga step (its position is left for the
        batch to record: events/delivery/policy_batch.py)."""
        planned = self._plan(delivery.message)
        if planned is None:
            return False
        home_id, step = planned
        self._take(delivery, home_id, step)
        return True

    # A concurrent command (e.g. over HTTP) saved the home first: decide again on its fresh
    # state.
    @retry_on_conflict()
    def _take(self, delivery: Delivery, home_id: uuid.UUID, step: Step) -> None:
        try:
            home = self.app.home(home_id)
        except NotFound:
            log.warning(
                "%s for unknown care home %s: skipped",
                delivery.message.envelope.event_type,
                home_id,
            )
            save_tracked(self.app, delivery)
            return
        step(home)
        save_tracked(self.app, delivery, home)

    def _plan(self, message: Message[Payload]) -> tuple[uuid.UUID, Step] | None:
        p, envelope = message.payload, message.envelope
        # Business time, not the clock: the hold ends `hold_hours` after the broker asked,
        # as the broker expects, however late this consumer runs; and reprocessing a
        # message decides exactly as the first time did.
        now = envelope.occurred_at
        if isinstance(p, b.BedReservationRequested):
            reference = str(envelope.aggregate_id)  # the placement request
            return p.home_id, lambda home: reserve(home, p, reference, now)
        if isinstance(p, b.OfferDeclined):
            return p.home_id, release(p.offer_id, f"offer declined: {p.reason}", now)
        if isinstance(p, b.OfferFailed):
            return p.home_id, release(p.offer_id, f"offer failed: {p.reason}", now)
        if isinstance(p, b.PlacementCancelled) and p.offer_id and p.home_id:
            return p.home_id, release(p.offer_id, f"placement cancelled: {p.reason}", now)
        if isinstance(p, b.PlacementAdmitted):
            return p.home_id, lambda home: occupy(home, p.offer_id, now)
        return None


def reserve(home: CareHome, p: b.BedReservationRequested, reference: str, now: datetime) -> None:
    try:
        home.reserve_bed(
            reservation_id=p.offer_id,
            bed_type=p.bed_type,
            reference=reference,
            reserved_by=p.council_code,
            now=now,
            expires_at=now + timedelta(hours=p.hold_hours),
        )
    except (Conflict, InvalidInput) as refusal:
        try:
            home.refuse_reservation(
                reservation_id=p.offer_id,
                bed_type=p.bed_type,
                reference=reference,
                reserved_by=p.council_code,
                reason=str(refusal),
                now=now,
            )
        except Conflict as exc:  # the id holds a different bed: the broker reused it
            log.warning("reservation request %s left unanswered: %s", p.offer_id, exc)


def release(offer_id: uuid.UUID, reason: str, now: datetime) -> Step:
    def step(home: CareHome) -> None:
        home.withdraw_reservation(reservation_id=offer_id, reason=reason, now=now)

    return step


def occupy(home: CareHome, offer_id: uuid.UUID, now: datetime) -> None:
    try:
        home.occupy_bed(reservation_id=offer_id, now=now)
    except UnknownReservation as exc:
        # The person is in the bed whatever the hold says; the home's next vacancy report
        # puts the count right.
        log.warning("admission to %s not recorded as occupancy: %s", home.id, exc)
