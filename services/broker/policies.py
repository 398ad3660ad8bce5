"""What the broker does when other services' events arrive.

- When a hospital episode becomes ready on pathway P3 (or P3b), or on P2 to a care home bed,
  open a placement request for it that needs its details recorded, once per episode.
- When the patient dies in hospital, cancel their open request.
- When the vacancies service has held a bed for one of our offers, confirm the offer; when it
  refused, the offer fails. A late or repeated answer changes nothing.

Each poll first updates the broker's own availability index (tracked in the read model),
then its effects on requests are saved with its position (tracked in the event store), so a
redelivered message changes neither. A message either cannot apply is set aside as a
dead letter of that one (`availability`, `request-policy`), and the others go on.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import select

from events.contracts import discharge as d
from events.contracts import vacancies as v
from events.delivery.consumer import TrackedProjection
from events.delivery.deadletters import DeadLetters
from events.delivery.decisions_batch import BatchedDecisions
from events.delivery.messages import Delivery
from events.delivery.policy_guard import GuardedPolicy
from events.delivery.tracking import save_tracked
from events.platform.application import retry_on_conflict
from services.broker.application import PlacementRequests
from services.broker.domain.placement_request import PlacementRequest, request_id_for_episode
from services.broker.projections.tables import hospital_episodes

log = logging.getLogger(__name__)
OPENS_REQUEST = {"P3", "P3b"}


def opens_request(p: d.BecameReady) -> bool:
    """Ready on P3 (a care home, likely for good) or on P2 to a care home bed."""
    return p.pathway in OPENS_REQUEST or (p.pathway == "P2" and p.setting == "care_home")


class ForeignEvents:
    def __init__(
        self, app: PlacementRequests, index: TrackedProjection, letters: DeadLetters
    ) -> None:
        self.index = index
        self.requests = GuardedPolicy("request-policy", app, letters, self._act_on)
        self.decisions = BatchedDecisions(app, self._decide)

    @property
    def app(self) -> PlacementRequests:
        """The application; while a batch is decided in this thread, its view of it, which
        finds what earlier messages of the batch decided (events/delivery/decisions_batch.py)."""
        return self.decisions.current()  # type: ignore[no-any-return]

    def handle(self, delivery: Delivery) -> None:
        self.handle_batch([delivery])

    def handle_batch(self, deliveries: list[Delivery]) -> None:
        """The index takes the whole batch in one transaction; then the batch's effects on
        requests are saved in one more, with the batch's position. When they cannot be (a
        message that cannot be applied, a command saved a request first), each message's
        effect is saved alone with its position, and what cannot be applied is set aside."""
        self.index.handle_batch(deliveries)
        if not self.decisions.apply(deliveries):
            for delivery in deliveries:
                self.requests(delivery)

    @retry_on_conflict()  # an API command on the request saved first: decide on its new state
    def _act_on(self, delivery: Delivery) -> None:
        request = self._decide(delivery)
        # Most messages only feed the index. Nothing to record then: every decision here is
        # idempotent (a repeat finds the request already opened, confirmed or closed), so a
        # redelivery decides nothing again.
        if request is not None:
            save_tracked(self.app, delivery, request)

    def _decide(self, delivery: Delivery) -> PlacementRequest | None:
        env, p = delivery.message.envelope, delivery.message.payload
        at = env.occurred_at
        if isinstance(p, d.BecameReady) and opens_request(p):
            request_id = request_id_for_episode(env.aggregate_id)
            if self.app.find(request_id) is not None:
                return None
            with self.index.engine.connect() as conn:
                council = conn.execute(
                    select(hospital_episodes.c.la_code).where(
                        hospital_episodes.c.episode_id == str(env.aggregate_id)
                    )
                ).scalar()
            if council is None:
                log.warning(
                    "episode %s became ready before its admission reached us", env.aggregate_id
                )
                return None
            return PlacementRequest.open(
                request_id=request_id,
                council_code=council,
                episode_id=env.aggregate_id,
                location="hospital",
                registration="",
                care_category=None,
                specialisms=[],
                preferred_localities=[],
                preferred_home_ids=[],
                funding=None,
                urgency="urgent",
                occurred_at=at,
            )
        if isinstance(p, d.EpisodeEnded) and p.kind == "died":
            request = self.app.find(request_id_for_episode(env.aggregate_id))
            if request is not None and not request.closed:
                request.cancel(reason="died", occurred_at=at)
                return request
            return None
        if isinstance(p, (v.BedReserved, v.ReservationRefused)):
            request = self._request_for(p.reference)
            if request is None:
                return None
            if isinstance(p, v.BedReserved):
                changed = request.bed_held(offer_id=p.reservation_id, occurred_at=at)
            else:
                changed = request.bed_refused(
                    offer_id=p.reservation_id, reason=p.reason, occurred_at=at
                )
            return request if changed else None
        return None

    def _request_for(self, reference: str) -> PlacementRequest | None:
        try:
            return self.app.find(uuid.UUID(reference))
        except ValueError:
            return None  # a hold made by someone else (a council block booking, say)
