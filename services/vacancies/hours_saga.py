"""The vacancies side of the broker's package-hours saga (topic `topics.PLACEMENTS`).

When the broker asks for an agency's hours for a package, the agency holds them under the
broker's hold id, or records why it cannot (not enough free hours in a band, no
double-handed calls, suspended for that council, the hold already released); either answer
is published on the agencies' topic. When the broker releases the hours (declined, fell
through, cancelled), they are freed; a release that arrives before its request is
remembered, so the late request is refused. When the package starts, the hours are taken
up. A message about an agency this service does not know is logged and skipped. Every
handled message is stored with its position atomically with its effects, so a redelivered
message changes nothing. It runs beside the bed saga (policies.py), in one guarded handler.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime

from events.contracts import packages as pk
from events.delivery.messages import Delivery
from events.delivery.policy_batch import act_on_one
from events.delivery.tracking import save_tracked
from events.platform.application import retry_on_conflict
from events.platform.errors import Conflict, InvalidInput, NotFound
from events.registry import Payload
from events.serialisation import Message
from services.vacancies.application import CareHomes
from services.vacancies.domain.errors import UnknownReservation
from services.vacancies.domain.home_care_agency import HomeCareAgency

log = logging.getLogger(__name__)

Step = Callable[[HomeCareAgency], None]


class HoursSaga:
    """Handles the broker's package events for the home care agencies of `app`."""

    def __init__(self, app: CareHomes) -> None:
        self.app = app

    def handle(self, delivery: Delivery) -> None:
        act_on_one(self.app, delivery, self.act)

    def act(self, delivery: Delivery) -> bool:
        """Take one new delivery's step: True once its position is saved (with the agency's
        new events, or alone), False when it is not a step of this saga (its position is
        left for the batch to record: events/delivery/policy_batch.py)."""
        planned = _plan(delivery.message)
        if planned is None:
            return False
        agency_id, step = planned
        self._take(delivery, agency_id, step)
        return True

    # A concurrent command (a capacity report over HTTP) saved the agency first: decide
    # again on its fresh state.
    @retry_on_conflict()
    def _take(self, delivery: Delivery, agency_id: uuid.UUID, step: Step) -> None:
        try:
            agency = self.app.agency(agency_id)
        except NotFound:
            event_type = delivery.message.envelope.event_type
            log.warning("%s for unknown agency %s: skipped", event_type, agency_id)
            save_tracked(self.app, delivery)
            return
        step(agency)
        save_tracked(self.app, delivery, agency)


def _plan(message: Message[Payload]) -> tuple[uuid.UUID, Step] | None:
    p, envelope = message.payload, message.envelope
    # Business time, not the clock: reprocessing a message decides exactly as the first did.
    now = envelope.occurred_at
    if isinstance(p, pk.PackageHoursRequested):
        reference = str(envelope.aggregate_id)  # the package request
        return p.agency_id, lambda agency: hold(agency, p, reference, now)
    if isinstance(p, pk.PackageHoursReleased):
        return p.agency_id, lambda agency: agency.release_hours(
            hold_id=p.hold_id, reason=p.reason, now=now
        )
    if isinstance(p, pk.PackageStarted):
        return p.agency_id, lambda agency: take_up(agency, p.hold_id, now)
    return None


def hold(
    agency: HomeCareAgency, p: pk.PackageHoursRequested, reference: str, now: datetime
) -> None:
    try:
        agency.hold_hours(
            hold_id=p.hold_id,
            reference=reference,
            council_code=p.council_code,
            zone=p.zone,
            hours=p.hours,
            start_on=p.start_on,
            double_handed=p.double_handed,
            service=p.service,
            now=now,
        )
    except (Conflict, InvalidInput) as refusal:
        try:
            agency.refuse_hours(
                hold_id=p.hold_id,
                reference=reference,
                council_code=p.council_code,
                reason=str(refusal),
                now=now,
            )
        except Conflict as exc:  # the id holds other hours: the broker reused it
            log.warning("hours request %s left unanswered: %s", p.hold_id, exc)


def take_up(agency: HomeCareAgency, hold_id: uuid.UUID, now: datetime) -> None:
    try:
        agency.take_up_hours(hold_id=hold_id, now=now)
    except UnknownReservation as exc:
        # The care started whatever the hold says; the agency's next report puts it right.
        log.warning("package start at %s not recorded against its hours: %s", agency.id, exc)
