"""The vacancies service's composition root: event store, read models (the care homes' and
the home care agencies'), outbox, the placement saga's subscription and API."""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import datetime

from sqlalchemy import select

from events import topics
from events.delivery.deadletters import DeadLetters, Retries
from events.delivery.inprocess import InProcessBus
from events.delivery.messages import Delivery
from events.delivery.outbox import outbox_relay
from events.delivery.policy_batch import act_on_one
from events.delivery.policy_guard import GuardedPolicy
from events.delivery.projection import LogProjection
from events.delivery.subscription import Subscription
from events.platform.eventstore import eventstore_env
from events.platform.readmodels import readmodel_engine
from events.platform.settings import Settings
from events.platform.timeutil import naive_utc, utcnow
from services.vacancies.application import CareHomes
from services.vacancies.hours_saga import HoursSaga
from services.vacancies.policies import PlacementSaga
from services.vacancies.projections.agency_index import AgencyIndex
from services.vacancies.projections.agency_search import (
    AgencyCriteria,
    AgencyMatch,
    search_agencies,
)
from services.vacancies.projections.agency_tables import agency_metadata, agency_positions
from services.vacancies.projections.board import BoardRow, vacancy_board
from services.vacancies.projections.care_home_index import CareHomeIndex
from services.vacancies.projections.search import HomeMatch, SearchCriteria, search
from services.vacancies.projections.tables import metadata, positions, reservations
from services.vacancies.translation import AgencyTranslator, Translator

log = logging.getLogger(__name__)


class Vacancies:
    """Everything the vacancies service runs, wired from settings."""

    name = "vacancies"

    def __init__(self, settings: Settings, bus: InProcessBus | None) -> None:
        self.settings = settings
        self.app = CareHomes(env=eventstore_env(settings, self.name))
        translate = Translator(self.app.mapper)
        self.engine = readmodel_engine(settings, self.name)
        self.index = LogProjection(
            "care-home-index",
            self.app.outbox,
            translate,
            self.engine,
            metadata,
            positions,
            CareHomeIndex(),
        )
        # The agencies' index reads the same log, into tables of its own (rebuilt on its own).
        self.agencies = LogProjection(
            "agency-index",
            self.app.outbox,
            AgencyTranslator(self.app.mapper),
            self.engine,
            agency_metadata,
            agency_positions,
            AgencyIndex(),
        )
        self.relay, self.publisher = outbox_relay(
            settings, self.name, self.app.outbox, translate, topics.CARE_HOMES, bus
        )
        self.app.on_saved(self.relay.nudge)  # a command's events leave at once, not at the poll
        if settings.kafka_bootstrap:  # the relay made the care homes' topic; agencies' too
            from events.delivery.kafka import ensure_topics

            ensure_topics(
                settings.kafka_bootstrap, [topics.named(topics.AGENCIES, settings.topic_prefix)]
            )
        self.dead_letters = DeadLetters(self.engine)
        self.saga = PlacementSaga(self.app)
        self.hours_saga = HoursSaga(self.app)  # the package-hours saga: the same topic
        self.guarded_saga = GuardedPolicy(
            "placement-saga", self.app, self.dead_letters, self._sagas, self._sagas_act
        )
        self.placements = Subscription(
            settings,
            bus,
            self.name,
            [topics.PLACEMENTS],
            self.guarded_saga,
            self.guarded_saga.handle_batch,  # a poll's records at once: policy_batch.py
            letters=self.dead_letters,
        )

    def _sagas(self, delivery: Delivery) -> None:
        act_on_one(self.app, delivery, self._sagas_act)

    def _sagas_act(self, delivery: Delivery) -> bool:
        """A bed's step or a package's: each saga passes the other's messages by."""
        return self.saga.act(delivery) or self.hours_saga.act(delivery)

    # Queries read the index after catching it up, so a caller sees its own writes.
    def search(self, criteria: SearchCriteria) -> list[HomeMatch]:
        self.index.catch_up()
        with self.engine.connect() as conn:
            return search(conn, criteria)

    def board(self, now: datetime | None = None, council_code: str | None = None) -> list[BoardRow]:
        """`council_code`: as the board stands for that council's placements."""
        self.index.catch_up()
        with self.engine.connect() as conn:
            fresh = self.settings.vacancy_fresh_hours
            return vacancy_board(conn, now or utcnow(), fresh, council_code)

    def search_agencies(self, criteria: AgencyCriteria) -> list[AgencyMatch]:
        self.agencies.catch_up()
        with self.engine.connect() as conn:
            return search_agencies(conn, criteria)

    def expire_overdue(self, now: datetime | None = None) -> int:
        """Expire holds past their time (the sweeper); returns how many expired."""
        now = now or utcnow()
        self.index.catch_up()
        with self.engine.connect() as conn:
            homes = set(
                conn.execute(
                    select(reservations.c.home_id).where(
                        reservations.c.status == "held", reservations.c.expires_at <= naive_utc(now)
                    )
                ).scalars()
            )
        return sum(self.app.expire_reservations(uuid.UUID(h), now=now) for h in sorted(homes))

    def consumers(self) -> list[Retries]:
        """Everything here that may set messages aside, by the name its letters carry."""
        return [self.index, self.agencies, self.guarded_saga, self.placements]

    def loops(self) -> list:  # type: ignore[type-arg]
        def relay(stop: threading.Event) -> None:
            self.relay.run_forever(stop, self.settings.relay_interval_seconds)

        def index(stop: threading.Event) -> None:
            while not stop.wait(self.settings.relay_interval_seconds):
                for projection in (self.index, self.agencies):
                    try:
                        projection.catch_up()
                    except Exception:
                        log.exception("%s catch-up failed; retrying", projection.name)

        def sweeper(stop: threading.Event) -> None:
            while not stop.wait(self.settings.sweep_interval_seconds):
                try:
                    self.expire_overdue()
                except Exception:
                    log.exception("reservation sweeper failed; retrying")

        sweepers = [sweeper] if self.settings.sweep_interval_seconds > 0 else []
        return [relay, index, *sweepers, *self.placements.loops()]

    def drain(self) -> int:
        return self.relay.run_until_idle() + self.index.catch_up() + self.agencies.catch_up()

    def rebuild(self) -> int:
        """Both read models from the log; how many notifications of the log were replayed."""
        return max(self.index.rebuild(), self.agencies.rebuild())

    def close(self) -> None:
        self.placements.close()
        if self.settings.kafka_bootstrap:
            self.publisher.close()
        self.engine.dispose()
        self.app.close()


def bootstrap(settings: Settings, bus: InProcessBus | None) -> Vacancies:
    return Vacancies(settings, bus)
