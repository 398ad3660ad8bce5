"""What the broker does about home care packages when other services' events arrive.

- When a hospital episode becomes ready on pathway P1 (home with support), open a package
  request for it that needs its care recorded, once per episode.
- When the episode becomes ready again on another pathway, cancel its open package request
  (hours still held are released): `went_to_a_bed` on P2 or P3 (a bed request opens for a
  care home bed), `no_longer_needed` on P0 (home with no new support); ready on P1 again,
  open it again (`PackageReopened`).
- When the patient dies in hospital, cancel their open package request (hours still held
  are released); when they leave hospital otherwise before the package started (the ward
  discharged them, the care arranged some other way), cancel it as `left_hospital`. A package
  that started ended the stay itself: its request is closed already.
- When the vacancies service has held an agency's hours for one of our packages, the package
  is offered to the person; when it refused, sourcing goes on. A late or repeated answer
  changes nothing.

The first two run inside the broker's episode policy (policies.py calls `decide_on_episode`);
the agencies' topic has a subscription of its own (`AgencyEvents`): each delivery first
updates the broker's agency book, then its effect on a package, if any, is saved with the
delivery's position, so a redelivered message changes neither. A message either cannot apply
is set aside as a dead letter of that one (`agency-book`, `package-policy`).
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import Engine, select

from events.contracts import discharge as d
from events.contracts import homecare as h
from events.delivery.consumer import TrackedProjection
from events.delivery.deadletters import DeadLetters
from events.delivery.messages import Delivery
from events.delivery.policy_guard import GuardedPolicy
from events.delivery.tracking import save_tracked
from events.envelope import Envelope
from events.platform.application import retry_on_conflict
from events.registry import Payload
from services.broker.application import PlacementRequests
from services.broker.domain.package_request import PackageRequest, package_id_for_episode
from services.broker.domain.package_words import PATHWAY_CANCELS
from services.broker.projections.tables import hospital_episodes

log = logging.getLogger(__name__)
OPENS_PACKAGE = {"P1"}


def decide_on_episode(
    app: PlacementRequests, engine: Engine, env: Envelope, p: Payload
) -> PackageRequest | None:
    """The package request an episode's event opens or cancels, if any (unsaved)."""
    if isinstance(p, d.BecameReady) and p.pathway in OPENS_PACKAGE:
        return _open_for(app, engine, env)
    if isinstance(p, d.BecameReady) and p.pathway is not None:
        # ready again on another pathway: no package now
        request = app.find_package(package_id_for_episode(env.aggregate_id))
        if request is not None and not request.closed:
            why = PATHWAY_CANCELS[1] if p.pathway == "P0" else PATHWAY_CANCELS[0]
            request.cancel(reason=why, occurred_at=env.occurred_at)
            return request
        return None
    if isinstance(p, d.EpisodeDetailsChanged) and p.la_code:
        return _open_completed(app, engine, env)
    if isinstance(p, (d.EpisodeEnded, d.EpisodeWithdrawn)):
        request = app.find_package(package_id_for_episode(env.aggregate_id))
        if request is not None and not request.closed:
            if isinstance(p, d.EpisodeWithdrawn):  # A11: the admission was recorded in error
                why = "admission_cancelled"
            else:
                why = "died" if p.kind == "died" else "left_hospital"
            request.cancel(reason=why, occurred_at=env.occurred_at)
            return request
    return None


def _open_completed(app: PlacementRequests, engine: Engine, env: Envelope) -> PackageRequest | None:
    """The team completed the council of a stay ready on P1 already (the hospital feed left it
    unknown): its package request opens now, for that council."""
    with engine.connect() as conn:
        episode = conn.execute(
            select(hospital_episodes).where(hospital_episodes.c.episode_id == str(env.aggregate_id))
        ).first()
    if episode is None or episode.ready_since is None or episode.ended is not None:
        return None
    if episode.pathway not in OPENS_PACKAGE:
        return None
    return _open_for(app, engine, env)


def _open_for(app: PlacementRequests, engine: Engine, env: Envelope) -> PackageRequest | None:
    request_id = package_id_for_episode(env.aggregate_id)
    if (existing := app.find_package(request_id)) is not None:
        # one per episode: ready again on P1 changes nothing, unless another pathway had
        # cancelled it, which this undoes (the request decides)
        changed = existing.reopen(reason="pathway_changed", occurred_at=env.occurred_at)
        return existing if changed else None
    with engine.connect() as conn:
        council = conn.execute(
            select(hospital_episodes.c.la_code).where(
                hospital_episodes.c.episode_id == str(env.aggregate_id)
            )
        ).scalar()
    if council is None:
        log.warning("episode %s became ready before its admission reached us", env.aggregate_id)
        return None
    if council == d.UNKNOWN_LA:  # no council would see it: it opens once the team completes it
        log.info("episode %s is ready on P1; its council is unknown", env.aggregate_id)
        return None
    return PackageRequest.open(
        request_id=request_id,
        council_code=council,
        episode_id=env.aggregate_id,
        location="hospital",
        urgency="urgent",
        occurred_at=env.occurred_at,
    )


class AgencyEvents:
    """The agencies' topic: the agency book, then the package-hours answers."""

    def __init__(
        self, app: PlacementRequests, book: TrackedProjection, letters: DeadLetters
    ) -> None:
        self.app = app
        self.book = book
        self.packages = GuardedPolicy("package-policy", app, letters, self._act_on)

    def handle(self, delivery: Delivery) -> None:
        self.handle_batch([delivery])

    def handle_batch(self, deliveries: list[Delivery]) -> None:
        self.book.handle_batch(deliveries)
        for delivery in deliveries:
            self.packages(delivery)

    @retry_on_conflict()  # an API command on the request saved first: decide on its new state
    def _act_on(self, delivery: Delivery) -> None:
        request = self._decide(delivery)
        if request is not None:  # every decision is idempotent: a redelivery decides nothing
            save_tracked(self.app, delivery, request)

    def _decide(self, delivery: Delivery) -> PackageRequest | None:
        env, p = delivery.message.envelope, delivery.message.payload
        if not isinstance(p, (h.AgencyHoursHeld, h.AgencyHoursRefused)):
            return None
        try:
            request = self.app.find_package(uuid.UUID(p.reference))
        except ValueError:
            return None  # hours held for something else (a council's block booking, say)
        if request is None:
            return None
        if isinstance(p, h.AgencyHoursHeld):
            changed = request.hours_held(hold_id=p.hold_id, occurred_at=env.occurred_at)
        else:
            changed = request.hours_refused(
                hold_id=p.hold_id, reason=p.reason, occurred_at=env.occurred_at
            )
        return request if changed else None
