"""What the broker does when other services' events arrive.

- When a hospital episode becomes ready on pathway P3 (or P3b), or on P2 to a care home bed,
  open a placement request for it that needs its details recorded, once per episode; for a
  stay whose council of residence is unknown (the hospital feed), once the team completes it.
- When the patient dies in hospital, cancel their open request; when the hospital cancels
  the death it recorded (A13), open it again.
- When the hospital cancels the admission (A11: recorded in error), cancel the episode's open
  request, releasing a held bed; when the reference is admitted again and becomes ready for
  a care home, open that request again.
- When the episode becomes ready again to go home (P0, P1), cancel its open request as
  `pathway_changed`, releasing a held bed; ready for a care home again, open it again.
- Home care packages (ready on P1, another pathway, a death) are decided in
  package_policies.py; one message may change both of an episode's requests.
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
from datetime import datetime
from typing import Any

from sqlalchemy import Row, select

from events.contracts import discharge as d
from events.contracts import vacancies as v
from events.delivery.consumer import TrackedProjection
from events.delivery.deadletters import DeadLetters
from events.delivery.decisions_batch import BatchedDecisions
from events.delivery.messages import Delivery
from events.delivery.policy_guard import GuardedPolicy
from events.delivery.tracking import save_tracked
from events.envelope import Envelope
from events.platform.application import retry_on_conflict
from events.registry import Payload
from services.broker.application import PlacementRequests
from services.broker.domain.package_request import PackageRequest
from services.broker.domain.placement_request import PlacementRequest, request_id_for_episode
from services.broker.domain.vocabulary import Stage
from services.broker.package_policies import decide_on_episode
from services.broker.projections.tables import hospital_episodes

log = logging.getLogger(__name__)
OPENS_REQUEST = {"P3", "P3b"}
GOES_HOME = {"P0", "P1"}


def opens_request(p: d.BecameReady) -> bool:
    """Ready on P3 (a care home, likely for good) or on P2 to a care home bed."""
    return p.pathway in OPENS_REQUEST or (p.pathway == "P2" and p.setting == "care_home")


class ForeignEvents:
    def __init__(
        self, app: PlacementRequests, index: TrackedProjection, letters: DeadLetters
    ) -> None:
        self.index = index
        self.requests = GuardedPolicy("request-policy", app, letters, self._act_on)
        # both kinds of request are found through a batch's view: a death in the batch that
        # opened a package request cancels it
        finders = {"find": PlacementRequest, "find_package": PackageRequest}
        self.decisions = BatchedDecisions(app, self._decide, finders)

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
        changed = self._decide(delivery)
        # Most messages only feed the index. Nothing to record then: every decision here is
        # idempotent (a repeat finds the request already opened, confirmed or closed), so a
        # redelivery decides nothing again.
        if changed:
            save_tracked(self.app, delivery, *changed)

    def _decide(self, delivery: Delivery) -> tuple[PlacementRequest | PackageRequest, ...]:
        """The requests a message changed or opened: an episode's package request and its
        bed request may both change (ready on P3 after P1: the package is cancelled as the
        bed request opens; a death closes both)."""
        env, p = delivery.message.envelope, delivery.message.payload
        package = decide_on_episode(self.app, self.index.engine, env, p)
        bed = self._decide_on_beds(env, p)
        return tuple(r for r in (package, bed) if r is not None)

    def _decide_on_beds(self, env: Envelope, p: Payload) -> PlacementRequest | None:
        at = env.occurred_at
        if isinstance(p, d.BecameReady) and opens_request(p):
            request_id = request_id_for_episode(env.aggregate_id)
            if (existing := self.app.find(request_id)) is not None:
                # a withdrawn episode is never ready: this is its new stay (readmitted); or
                # it was cancelled when going home was planned instead, which this undoes
                return self._reopen(
                    existing, "admission_cancelled", "readmitted", at
                ) or self._reopen(existing, "pathway_changed", "pathway_changed", at)
            episode = self._episode(env.aggregate_id)
            if episode is None:
                log.warning(
                    "episode %s became ready before its admission reached us", env.aggregate_id
                )
                return None
            return self._open(env.aggregate_id, episode.la_code, at)
        if isinstance(p, d.BecameReady) and p.pathway in GOES_HOME:
            # ready again to go home (P0, P1): no care home bed now; a bed held is released
            return self._cancel(env.aggregate_id, "pathway_changed", at)
        if isinstance(p, d.EpisodeDetailsChanged) and p.la_code:
            # the team completed the council of a stay ready for a care home already
            episode = self._episode(env.aggregate_id)
            if episode is None or episode.ready_since is None or episode.ended is not None:
                return None
            if episode.pathway not in OPENS_REQUEST:
                return None
            if self.app.find(request_id_for_episode(env.aggregate_id)) is not None:
                return None
            return self._open(env.aggregate_id, p.la_code, at)
        if isinstance(p, d.EpisodeEnded) and p.kind == "died":
            return self._cancel(env.aggregate_id, "died", at)
        if isinstance(p, d.EpisodeWithdrawn):  # A11: the admission was recorded in error
            return self._cancel(env.aggregate_id, "admission_cancelled", at)
        if isinstance(p, d.EndingCancelled):
            # A13: a death that did not happen gives the person their request back; a
            # discharge or transfer cancelled changes nothing here, as it closed nothing
            request = self.app.find(request_id_for_episode(env.aggregate_id))
            return self._reopen(request, "died", "death_cancelled", at) if request else None
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

    def _episode(self, episode_id: uuid.UUID) -> Row[Any] | None:
        """What the index knows of the episode (its council, readiness, pathway, ending)."""
        with self.index.engine.connect() as conn:
            return conn.execute(
                select(hospital_episodes).where(hospital_episodes.c.episode_id == str(episode_id))
            ).first()

    @staticmethod
    def _open(episode_id: uuid.UUID, council: str, at: datetime) -> PlacementRequest | None:
        """The episode's request, waiting for its needs; none while its council is unknown
        (no council would see it): it opens when the team completes the council."""
        if council == d.UNKNOWN_LA:
            log.info("episode %s is ready for a care home; its council is unknown", episode_id)
            return None
        return PlacementRequest.open(
            request_id=request_id_for_episode(episode_id),
            council_code=council,
            episode_id=episode_id,
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

    def _cancel(self, episode_id: uuid.UUID, reason: str, at: datetime) -> PlacementRequest | None:
        """The episode's open request closed for `reason`; a bed held for it is released by
        the cancellation (the vacancies service reads it)."""
        request = self.app.find(request_id_for_episode(episode_id))
        if request is not None and not request.closed:
            request.cancel(reason=reason, occurred_at=at)
            return request
        return None

    @staticmethod
    def _reopen(
        request: PlacementRequest, cancelled_for: str, reason: str, at: datetime
    ) -> PlacementRequest | None:
        """The request open again when it was cancelled for what the hospital undid."""
        if request.stage != Stage.CANCELLED.value or request.cancel_reason != cancelled_for:
            return None
        request.reopen(reason=reason, occurred_at=at)
        return request

    def _request_for(self, reference: str) -> PlacementRequest | None:
        try:
            return self.app.find(uuid.UUID(reference))
        except ValueError:
            return None  # a hold made by someone else (a council block booking, say)
