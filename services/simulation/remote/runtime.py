"""The remote stand-in for `services.runtime.Runtime`: the services are other processes, and
`drain` waits until all of them are quiescent instead of running their loops here.

Quiescent: on every service's /metrics, outbox backlog 0, consumer lag 0 and each projection
at the end of its log, with nothing moved between two consecutive rounds of polls (a message
in flight between two services shows as a moved log position or a lag in the next round).
While a service is away (killed, restarting) the polls are retried until it is back.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

from prometheus_client.parser import text_string_to_metric_families

from events.platform.auth import Role
from events.platform.settings import Settings
from events.platform.tokens import RenewingToken
from services.simulation.remote.broker import RemoteBroker
from services.simulation.remote.discharge import RemoteDischarge
from services.simulation.remote.http import Api
from services.simulation.remote.vacancies import RemoteVacancies

Figures = dict[tuple[str, str, str], float]  # (service, metric, projection) -> value


class RemoteRuntime:
    def __init__(
        self,
        urls: Mapping[str, str],
        settings: Settings,
        poll: float = 0.1,
        strict: bool = True,
    ) -> None:
        """`urls`: each service's base URL. `strict`: also wait for quiescence after every
        broker command (they start sagas with the vacancies and discharge services), so a
        run's result never depends on how fast a message travels: see docs/demo-processes.md."""
        self.settings, self.poll = settings, poll
        # the HTTP stand-ins drive care homes and wards, not home care agencies and package
        # requests yet: the simulation leaves P1 packages to the wards' own reasons here
        self.home_care = False
        # a run lasts as long as it takes (services killed and restarted on the way): its
        # token is issued again before it expires, never for longer than the maximum
        self.api = Api(dict(urls), RenewingToken(settings, Role.ADMIN, "simulation"))
        self.drains = 0
        self._pool = ThreadPoolExecutor(max_workers=len(urls), thread_name_prefix="metrics")
        after = self.drain if strict else (lambda: None)
        self.services = {
            "vacancies": RemoteVacancies(self.api),
            "discharge": RemoteDischarge(self.api),
            "broker": RemoteBroker(self.api, settings, after),
        }

    def figures(self) -> Figures:
        """Every service's log position, backlog, lag and projections."""
        out: Figures = {}
        urls = list(self.api.urls.items())
        texts = self._pool.map(lambda u: self.api.text(f"{u[1]}/metrics"), urls)  # at once
        for (name, _), text in zip(urls, texts, strict=True):
            for family in text_string_to_metric_families(text):
                for s in family.samples:
                    if s.name.startswith("carebridge_") and s.labels.get("service") == name:
                        out[name, s.name, s.labels.get("projection", "")] = s.value
        return out

    @staticmethod
    def quiet(f: Figures) -> bool:
        for (service, metric, _), value in f.items():
            if metric in ("carebridge_outbox_backlog", "carebridge_consumer_lag") and value:
                return False
            behind = value < f[service, "carebridge_log_position", ""]
            if metric == "carebridge_projection_position" and behind:
                return False
        # a service that could not measure its lag (Kafka away) does not report it
        consumers = {s for s, m, _ in f if m == "carebridge_consumer_lag"}
        return consumers == {s for s, _, _ in f}

    def drain(self) -> None:
        """Wait until every service is quiescent (see the module's docstring)."""
        self.drains += 1
        last: Figures | None = None
        while True:
            now = self.figures()
            if self.quiet(now) and now == last:
                return
            last = now if self.quiet(now) else None
            time.sleep(self.poll)

    def close(self) -> None:
        self._pool.shutdown()
        self.api.close()
