"""The discharge service's composition root: event store, read model, outbox, returns, API,
and the policy that follows the broker's placements."""

from __future__ import annotations

import json
import logging
import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any

from events import topics
from events.delivery.deadletters import DeadLetters, Retries
from events.delivery.inprocess import InProcessBus
from events.delivery.outbox import outbox_relay
from events.delivery.policy_guard import GuardedPolicy
from events.delivery.projection import LogProjection
from events.delivery.subscription import Subscription
from events.platform.eventstore import eventstore_env
from events.platform.readmodels import readmodel_engine
from events.platform.settings import Settings
from events.platform.timeutil import utcnow
from services.discharge.application import Episodes
from services.discharge.domain import returns
from services.discharge.domain.calendar import Period, last_census_day, local_date, third_wednesday
from services.discharge.domain.nctr_reason import parse_dtoc_to_sitrep
from services.discharge.domain.primary_reason import PrimaryRule
from services.discharge.policies import PlacementProgress
from services.discharge.projections import census_queries
from services.discharge.projections.census import census_counted_with, record_rule
from services.discharge.projections.facts import EpisodeFacts
from services.discharge.projections.queries import LiveDelay, LiveFilter, in_window, live_delays
from services.discharge.projections.tables import metadata, positions
from services.discharge.translation import Translator

log = logging.getLogger(__name__)
REFERENCE = Path(__file__).parent / "reference"


class Discharge:
    """Everything the discharge service runs, wired from settings."""

    name = "discharge"

    def __init__(self, settings: Settings, bus: InProcessBus | None) -> None:
        self.settings = settings
        self.rule = PrimaryRule.parse(settings.primary_reason_rule)
        maps = json.loads((REFERENCE / "dtoc_to_pocd.json").read_text())
        self.dtoc_to_pocd = {k: v for k, v in maps.items() if not k.startswith("_")}
        sitrep = json.loads((REFERENCE / "dtoc_to_sitrep.json").read_text())
        self.dtoc_to_sitrep = parse_dtoc_to_sitrep(sitrep)
        broker_maps = json.loads((REFERENCE / "broker_to_dtoc.json").read_text())
        self.broker_to_dtoc = {k: v for k, v in broker_maps.items() if not k.startswith("_")}
        self.app = Episodes(env=eventstore_env(settings, self.name))
        translate = Translator(self.app.mapper)
        self.engine = readmodel_engine(settings, self.name)
        self.facts = LogProjection(
            "episode-facts",
            self.app.outbox,
            translate,
            self.engine,
            metadata,
            positions,
            EpisodeFacts(self.rule),
        )
        self._census_rule()
        self.relay, self.publisher = outbox_relay(
            settings, self.name, self.app.outbox, translate, topics.EPISODES, bus
        )
        self.app.on_saved(self.relay.nudge)  # a command's events leave at once, not at the poll
        self.dead_letters = DeadLetters(self.engine)
        self.placements = PlacementProgress(self.app, self.broker_to_dtoc)
        self.guarded_placements = GuardedPolicy(
            "placement-progress",
            self.app,
            self.dead_letters,
            self.placements.handle,
            self.placements.act,
        )
        self.subscription = Subscription(
            settings,
            bus,
            self.name,
            [topics.PLACEMENTS],
            self.guarded_placements,
            self.guarded_placements.handle_batch,  # a poll's records at once: policy_batch.py
            letters=self.dead_letters,
        )

    def _census_rule(self) -> None:
        """The census holds primary reasons: counted with another rule (or by a release that
        kept none), it is counted again from the log before anything reads it."""
        rule = self.settings.primary_reason_rule
        if self.facts.upgraded:  # just rebuilt, with this rule
            record_rule(self.engine, rule)
        elif not census_counted_with(self.engine, rule):
            log.warning("discharge census counted with another reason rule; rebuilding it")
            self.facts.rebuild(workers=1)  # no forking: a server may already run threads
            record_rule(self.engine, rule)

    # -- the returns: each reads the facts after catching up, "as known now" or "as at". Of the
    # month in progress only the midnights passed by `now` count (by `as_at`, if earlier).
    # "As known now", DTOC, DRD and PoCD are counted from the maintained census (one query).

    def now(self) -> datetime:
        """The wall clock, which the returns count to when a caller gives no `now`."""
        return utcnow()

    def counted_to(self, as_at: datetime | None = None, now: datetime | None = None) -> date:
        """The last day whose midnight has passed at `now` (at `as_at`, if earlier)."""
        moment = now or self.now()
        return last_census_day(moment if as_at is None else min(moment, as_at))

    def period(
        self, month: str, as_at: datetime | None = None, now: datetime | None = None
    ) -> Period:
        """The days of `month` a return counts at `now` (as at `as_at`)."""
        return Period.of(month, self.counted_to(as_at, now))

    def _episodes(
        self, first: date, last: date, as_at: datetime | None, with_discharges: bool = False
    ) -> list[Any]:
        if last < first:
            return []  # no day to count yet: nothing to read
        self.facts.catch_up()
        with self.engine.connect() as conn:
            return list(in_window(conn, first, last, as_at, with_discharges))

    def dtoc(
        self, month: str, by: str, as_at: datetime | None = None, now: datetime | None = None
    ) -> returns.DtocReturn:
        period = self.period(month, as_at, now)
        if as_at is None:
            self.facts.catch_up()
            with self.engine.connect() as conn:
                return census_queries.dtoc(conn, month, by, period.counted_to)
        episodes = self._episodes(period.first, period.last, as_at)
        return returns.dtoc(episodes, month, by, self.rule, period.counted_to)

    def drd(
        self,
        month: str,
        by: str,
        as_at: datetime | None = None,
        care_types: tuple[str, ...] = ("acute",),
        now: datetime | None = None,
    ) -> list[dict[str, Any]]:
        period = self.period(month, as_at, now)
        if as_at is None:
            self.facts.catch_up()
            with self.engine.connect() as conn:
                return census_queries.drd(conn, month, by, care_types, period.counted_to)
        episodes = self._episodes(period.first, period.last, as_at, True)
        return returns.drd(episodes, month, by, care_types, period.counted_to)

    def nctr(
        self,
        first: date,
        last: date,
        as_at: datetime | None = None,
        care_types: tuple[str, ...] = ("acute",),
        now: datetime | None = None,
    ) -> list[dict[str, Any]]:
        counted_to = self.counted_to(as_at, now)
        episodes = self._episodes(first, min(last, counted_to), as_at, True)
        return returns.nctr(episodes, first, last, care_types, counted_to)

    def pocd(
        self, month: str, as_at: datetime | None = None, now: datetime | None = None
    ) -> list[dict[str, Any]]:
        counted_to = self.counted_to(as_at, now)
        if as_at is None:
            self.facts.catch_up()
            with self.engine.connect() as conn:
                return census_queries.pocd(conn, month, self.dtoc_to_pocd, counted_to)
        day = third_wednesday(month)
        episodes = self._episodes(day, min(day, counted_to), as_at)
        return returns.pocd(episodes, month, self.rule, self.dtoc_to_pocd, counted_to)

    def live(self, f: LiveFilter, now: datetime | None = None) -> list[LiveDelay]:
        self.facts.catch_up()
        with self.engine.connect() as conn:
            return live_delays(conn, local_date(now or utcnow()), self.rule, f, self.dtoc_to_sitrep)

    # -- running -------------------------------------------------------------------------

    def consumers(self) -> list[Retries]:
        """Everything here that may set messages aside, by the name its letters carry."""
        return [self.facts, self.guarded_placements, self.subscription]

    def loops(self) -> list:  # type: ignore[type-arg]
        def relay(stop: threading.Event) -> None:
            self.relay.run_forever(stop, self.settings.relay_interval_seconds)

        def facts(stop: threading.Event) -> None:
            while not stop.wait(self.settings.relay_interval_seconds):
                try:
                    self.facts.catch_up()
                except Exception:
                    log.exception("episode facts catch-up failed; retrying")

        return [relay, facts, *self.subscription.loops()]

    def drain(self) -> int:
        return self.relay.run_until_idle() + self.facts.catch_up()

    def rebuild(self) -> int:
        applied = self.facts.rebuild()
        record_rule(self.engine, self.settings.primary_reason_rule)
        return applied

    def close(self) -> None:
        self.subscription.close()
        if self.settings.kafka_bootstrap:
            self.publisher.close()
        self.engine.dispose()
        self.app.close()


def bootstrap(settings: Settings, bus: InProcessBus | None) -> Discharge:
    return Discharge(settings, bus)
