"""The home care side of the broker service, wired: the agency book (fed by its own
subscription to the agencies' topic), the package list (from the broker's own log), the
package policies and the reads the package routes make. The composition root (bootstrap.py)
makes one and runs what it runs."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine

from events import topics
from events.bounds.times import UK
from events.delivery.consumer import TrackedProjection
from events.delivery.deadletters import DeadLetters, Retries
from events.delivery.inprocess import InProcessBus
from events.delivery.projection import LogProjection
from events.delivery.subscription import Subscription
from events.delivery.translation import ContractTranslator
from events.platform.readmodels import Positions
from events.platform.settings import Settings
from events.platform.timeutil import utcnow
from services.broker.application import PlacementRequests
from services.broker.domain.errors import NotFound, WrongStage
from services.broker.domain.package_request import AgencyStatus
from services.broker.package_policies import AgencyEvents
from services.broker.projections import package_queries as q
from services.broker.projections.agency_book import AgencyBook, book_metadata, book_positions
from services.broker.projections.package_list import (
    PackageList,
    package_metadata,
    package_positions,
)

log = logging.getLogger(__name__)
T = TypeVar("T")


class PackageDesk:
    def __init__(
        self,
        settings: Settings,
        bus: InProcessBus | None,
        app: PlacementRequests,
        translate: ContractTranslator,
        engine: Engine,
        letters: DeadLetters,
    ) -> None:
        self.settings = settings
        self.app = app
        self.engine = engine
        self.book = self._book_on(engine)
        self.list = LogProjection(
            "package-list",
            app.outbox,
            translate,
            engine,
            package_metadata,
            package_positions,
            PackageList(),
        )
        self.events = AgencyEvents(app, self.book, letters)
        self.subscription = Subscription(
            settings,
            bus,
            "broker-agencies",
            [topics.AGENCIES],
            self.events.handle,
            self.events.handle_batch,
            letters=letters,
        )

    # -- reads -----------------------------------------------------------------------------

    def agency(self, agency_id: uuid.UUID, council_code: str | None = None) -> AgencyStatus:
        with self.engine.connect() as conn:
            found = q.agency_status(conn, agency_id, council_code)
        if found is None:
            raise NotFound(f"no home care agency {agency_id} is known to the broker")
        return found

    def candidates(self, request_id: uuid.UUID) -> list[q.AgencyCandidate]:
        request = self.app.package(request_id)
        if request.care is None:
            raise WrongStage("record the care needed before finding agencies")
        with self.engine.connect() as conn:
            return q.candidates(
                conn,
                request.council_code,
                request.care,
                utcnow(),
                self.settings.vacancy_fresh_hours,
            )

    def council_packages(self, council_code: str | None) -> list[dict[str, Any]]:
        self.list.catch_up()
        with self.engine.connect() as conn:
            return q.council_packages(conn, council_code)

    def provider_offers(self, provider_id: str | None) -> list[dict[str, Any]]:
        self.list.catch_up()
        with self.engine.connect() as conn:
            return q.provider_offers(conn, provider_id)

    def report(self, read: Callable[[Connection], T]) -> T:
        """A read of the package list and agency book (the commissioners' reports), once the
        list has caught up with the log."""
        self.list.catch_up()
        with self.engine.connect() as conn:
            return read(conn)

    def lapse_overdue_holds(self, now: datetime, grace_days: int) -> int:
        """Let go the hours held for every package not started `grace_days` after it was
        due (the sweeper's part); how many lapsed."""
        today = now.astimezone(UK).date()
        self.list.catch_up()
        with self.engine.connect() as conn:
            due = q.holds_maybe_overdue(conn, today - timedelta(days=grace_days + 1))
        return sum(
            self.app.lapse_overdue_hold(uuid.UUID(r), today, grace_days, now) for r in sorted(due)
        )

    def escalate_overdue(self, now: datetime) -> int:
        """Escalate every offer not answered by its deadline (the sweeper's part)."""
        self.list.catch_up()
        with self.engine.connect() as conn:
            due = q.overdue_offers(conn, now)
        return sum(len(self.app.escalate_overdue_offers(uuid.UUID(r), now)) for r in sorted(due))

    # -- running ---------------------------------------------------------------------------

    def consumers(self) -> list[Retries]:
        return [self.list, self.book, self.events.packages, self.subscription]

    def loops(self) -> list:  # type: ignore[type-arg]
        interval = self.settings.relay_interval_seconds

        def package_list(stop: threading.Event) -> None:
            while not stop.wait(interval):
                try:
                    self.list.catch_up()
                except Exception:
                    log.exception("package list catch-up failed; retrying")

        return [package_list, *self.subscription.loops()]

    def drain(self) -> int:
        return self.subscription.poll_once() + self.list.catch_up()

    def rebuild_book_from_topics(self) -> int:
        """The agency book from the agencies' topic, from offset zero (Kafka only)."""
        from events.delivery.replay import rebuild_from_topics

        topic = topics.named(topics.AGENCIES, self.settings.topic_prefix)
        bootstrap = self.settings.kafka_bootstrap or ""
        return rebuild_from_topics(bootstrap, [topic], self.engine, book_metadata, self._book_on)

    @staticmethod
    def _book_on(engine: Engine) -> TrackedProjection:
        return TrackedProjection(
            engine, book_metadata, Positions(book_positions, "agency-book"), AgencyBook()
        )

    def close(self) -> None:
        self.subscription.close()
