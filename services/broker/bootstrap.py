"""The broker service's composition root: event store, read models, consumers, outbox, API."""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from events import topics
from events.delivery.consumer import TrackedProjection
from events.delivery.deadletters import DeadLetters, Retries
from events.delivery.inprocess import InProcessBus
from events.delivery.outbox import outbox_relay
from events.delivery.projection import LogProjection
from events.delivery.subscription import Subscription
from events.platform.eventstore import eventstore_env
from events.platform.readmodels import Positions, readmodel_engine
from events.platform.settings import Settings
from events.platform.timeutil import naive_utc, utcnow
from services.broker.application import PlacementRequests
from services.broker.domain.errors import InvalidInput, NotFound, WrongStage
from services.broker.domain.matching import Match, Needs, rank
from services.broker.domain.placement_request import HomeStatus
from services.broker.package_desk import PackageDesk
from services.broker.policies import ForeignEvents
from services.broker.projections import queries
from services.broker.projections.availability import AvailabilityIndex
from services.broker.projections.tables import (
    index_metadata,
    index_positions,
    referrals,
    waiting_metadata,
    waiting_positions,
)
from services.broker.projections.waiting_list import WaitingList
from services.broker.translation import Translator

log = logging.getLogger(__name__)


class Broker:
    """Everything the broker service runs, wired from settings."""

    name = "broker"

    def __init__(self, settings: Settings, bus: InProcessBus | None) -> None:
        self.settings = settings
        self.app = PlacementRequests(env=eventstore_env(settings, self.name))
        translate = Translator(self.app.mapper)
        self.engine = readmodel_engine(settings, self.name)
        self.index = self._index_on(self.engine)
        self.waiting = LogProjection(
            "waiting-list",
            self.app.outbox,
            translate,
            self.engine,
            waiting_metadata,
            waiting_positions,
            WaitingList(),
        )
        self.relay, self.publisher = outbox_relay(
            settings, self.name, self.app.outbox, translate, topics.PLACEMENTS, bus
        )
        self.app.on_saved(self.relay.nudge)  # a command's events leave at once, not at the poll
        self.dead_letters = DeadLetters(self.engine)
        self.foreign = ForeignEvents(self.app, self.index, self.dead_letters)
        self.subscription = Subscription(
            settings,
            bus,
            self.name,
            [topics.CARE_HOMES, topics.EPISODES],
            self.foreign.handle,
            self.foreign.handle_batch,
            letters=self.dead_letters,
        )
        # home care packages: the agency book, the package list and their policies
        self.packages = PackageDesk(
            settings, bus, self.app, translate, self.engine, self.dead_letters
        )

    # -- queries ---------------------------------------------------------------------------

    def home(self, home_id: uuid.UUID, council_code: str | None = None) -> HomeStatus:
        """The home as the index knows it, for placements of `council_code` (a request's
        council: the home is not taking them if that council suspended them)."""
        with self.engine.connect() as conn:
            status = queries.home_status(conn, home_id, None, council_code)
        if status is None:
            raise NotFound(f"no care home {home_id} is known to the broker")
        return status

    def match(self, request_id: uuid.UUID, near: tuple[float, float] | None = None) -> list[Match]:
        request = self.app.request(request_id)
        if request.care_category is None:
            raise WrongStage("record the assessed needs before matching")
        needs = Needs(
            request.bed_type,
            tuple(request.specialisms),
            tuple(request.preferred_localities),
            tuple(request.preferred_home_ids),
            near,
        )
        now = utcnow()
        with self.engine.connect() as conn:
            found = queries.candidates(conn, request.bed_type, None, now, request.council_code)
        # the council's own area and any home the person chose; others only on request
        local = [
            c
            for c in found
            if c.la_code == request.council_code or c.home_id in needs.preferred_home_ids
        ]
        return rank(needs, local, now, self.settings.vacancy_fresh_hours)

    def waiting_list(self, f: queries.WaitingFilter) -> list[dict[str, Any]]:
        self.waiting.catch_up()
        with self.engine.connect() as conn:
            return queries.waiting_list(conn, f, utcnow())

    def unmet_demand(self, after_days: int) -> list[dict[str, Any]]:
        if after_days < 0:
            raise InvalidInput("after_days", "must not be negative")
        self.waiting.catch_up()
        with self.engine.connect() as conn:
            return queries.unmet_demand(conn, after_days, utcnow())

    def referrals_for(self, provider_id: str | None) -> list[dict[str, Any]]:
        self.waiting.catch_up()
        with self.engine.connect() as conn:
            return queries.provider_referrals(conn, provider_id)

    def responsiveness(self, provider_id: str | None = None) -> list[dict[str, Any]]:
        self.waiting.catch_up()
        with self.engine.connect() as conn:
            return queries.responsiveness(conn, provider_id)

    def escalate_overdue(self, now: datetime | None = None) -> int:
        """Escalate every referral not answered by its deadline (the sweeper)."""
        now = now or utcnow()
        self.waiting.catch_up()
        with self.engine.connect() as conn:
            due = set(
                conn.execute(
                    select(referrals.c.request_id).where(
                        referrals.c.status == "sent",
                        referrals.c.escalated.is_(False),
                        referrals.c.answer_by <= naive_utc(now),
                    )
                ).scalars()
            )
        beds = sum(len(self.app.escalate_overdue(uuid.UUID(r), now)) for r in sorted(due))
        return beds + self.packages.escalate_overdue(now)

    def lapse_overdue_holds(self, now: datetime | None = None) -> int:
        """Let the hours held for packages not started in time go (the sweeper)."""
        grace = self.settings.package_hold_grace_days
        return self.packages.lapse_overdue_holds(now or utcnow(), grace)

    # -- running ---------------------------------------------------------------------------

    def consumers(self) -> list[Retries]:
        """Everything here that may set messages aside, by the name its letters carry."""
        return [
            self.waiting, self.index, self.foreign.requests, self.subscription,
            *self.packages.consumers(),
        ]  # fmt: skip

    def loops(self) -> list:  # type: ignore[type-arg]
        interval = self.settings.relay_interval_seconds

        def relay(stop: threading.Event) -> None:
            self.relay.run_forever(stop, interval)

        def waiting(stop: threading.Event) -> None:
            while not stop.wait(interval):
                try:
                    self.waiting.catch_up()
                except Exception:
                    log.exception("waiting list catch-up failed; retrying")

        def sweeper(stop: threading.Event) -> None:
            while not stop.wait(self.settings.sweep_interval_seconds):
                try:
                    self.escalate_overdue()
                    self.lapse_overdue_holds()
                except Exception:
                    log.exception("referral sweeper failed; retrying")

        sweepers = [sweeper] if self.settings.sweep_interval_seconds > 0 else []
        return [relay, waiting, *sweepers, *self.subscription.loops(), *self.packages.loops()]

    def drain(self) -> int:
        drained = self.relay.run_until_idle() + self.subscription.poll_once()
        return drained + self.waiting.catch_up() + self.packages.drain()

    def rebuild(self) -> int:
        """The waiting list and the package list from the broker's own log (the availability
        index comes from the other services' topics: `rebuild_from_topics`)."""
        return max(self.waiting.rebuild(), self.packages.list.rebuild())

    def rebuild_from_topics(self) -> int:
        """The availability index from the vacancies and discharge topics, and the agency book
        from the agencies' topic, from offset zero."""
        if not self.settings.kafka_bootstrap:
            raise WrongStage("the embedded bus keeps no topics to replay: this needs Kafka")
        from events.delivery.replay import rebuild_from_topics

        read = rebuild_from_topics(
            self.settings.kafka_bootstrap,
            [
                topics.named(t, self.settings.topic_prefix)
                for t in (topics.CARE_HOMES, topics.EPISODES)
            ],
            self.engine,
            index_metadata,
            self._index_on,
        )
        return read + self.packages.rebuild_book_from_topics()

    @staticmethod
    def _index_on(engine: Engine) -> TrackedProjection:
        return TrackedProjection(
            engine, index_metadata, Positions(index_positions, "availability"), AvailabilityIndex()
        )

    def close(self) -> None:
        self.subscription.close()
        self.packages.close()
        if self.settings.kafka_bootstrap:
            self.publisher.close()
        self.engine.dispose()
        self.app.close()


def bootstrap(settings: Settings, bus: InProcessBus | None) -> Broker:
    return Broker(settings, bus)
