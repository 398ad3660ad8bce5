"""One process's composition: which services run here, the bus between them and their
background loops (outbox relays, projections, consumers, sweepers).

`carebridge serve all` runs the three in one process on the embedded default; in
production each service runs as its own process on PostgreSQL and Kafka.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response

from events.delivery.deadletters import DeadLetters, Retries
from events.delivery.inprocess import InProcessBus
from events.delivery.relay import OutboxRelay
from events.platform.access import Rule, check_rules, public
from events.platform.audit import AuditLog
from events.platform.datadir import secure
from events.platform.eventstore import creating_tables
from events.platform.http import document_statuses, install_error_handlers
from events.platform.limits import RequestLimits
from events.platform.settings import Settings
from events.platform.tokens import Tokens
from services.audit_api import mount_audit
from services.operations import ServiceHealth, health_of, metrics_text

if TYPE_CHECKING:
    from services.kafka_drain import KafkaDrain

log = logging.getLogger(__name__)

Loop = Callable[[threading.Event], None]

SERVICE_NAMES = ("vacancies", "discharge", "broker")
API_PREFIXES = tuple(f"/{name}/" for name in SERVICE_NAMES)
OPERATION_PATHS = ("/health", "/ready", "/metrics", "/audit")
# for the orchestrator and the monitoring: no token, and nothing of anyone's in the answers
OPERATIONS = Rule("operations", "health, readiness, metrics", public=True)


class Service(Protocol):
    name: str
    relay: OutboxRelay
    dead_letters: DeadLetters  # in the service's read-model database

    def consumers(self) -> list[Retries]:
        """Its projections and consumers, each able to apply its dead letters again."""
        ...

    def loops(self) -> list[Loop]: ...

    def drain(self) -> int: ...

    def rebuild(self) -> int: ...

    def close(self) -> None: ...


def mount_service(name: str, app: FastAPI, service: Service) -> None:
    """The service's routes on the app (its entrypoints know the service; it knows none)."""
    if name == "vacancies":
        from services.vacancies.entrypoints.mount import mount as vacancies

        vacancies(app, service)  # type: ignore[arg-type]
    elif name == "discharge":
        from services.discharge.entrypoints.mount import mount as discharge

        discharge(app, service)  # type: ignore[arg-type]
    else:
        from services.broker.entrypoints.mount import mount as broker

        broker(app, service)  # type: ignore[arg-type]


def build_service(name: str, settings: Settings, bus: InProcessBus | None) -> Service:
    if name == "vacancies":
        from services.vacancies.bootstrap import bootstrap as vacancies

        return vacancies(settings, bus)
    if name == "discharge":
        from services.discharge.bootstrap import bootstrap as discharge

        return discharge(settings, bus)
    if name == "broker":
        from services.broker.bootstrap import bootstrap as broker

        return broker(settings, bus)
    raise ValueError(f"unknown service {name!r}; choose from {', '.join(SERVICE_NAMES)}")


class Runtime:
    def __init__(self, settings: Settings, names: tuple[str, ...] = SERVICE_NAMES) -> None:
        self.settings = settings
        self.bus = None if settings.kafka_bootstrap else InProcessBus()
        with creating_tables(settings):  # replicas starting together take turns
            self.services = {name: build_service(name, settings, self.bus) for name in names}
            self.tokens = Tokens(settings)  # verified with this deployment's rules, revocations
            self.audit = AuditLog.of(settings)  # every read of patient-level data, append-only
        if settings.mode == "embedded":
            secure(settings.data_dir)  # the files the services made: their owner's alone
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._closers: list[Callable[[], None]] = []
        self._kafka_drain: KafkaDrain | None = None

    def _extra_metrics(self) -> list[bytes]:
        """The hospital feed's figures, when this process listens for one."""
        feed = getattr(self.services.get("discharge"), "feed", None)
        if feed is None:
            return []
        from services.discharge.feed.metrics import feed_metrics

        return [feed_metrics(feed)]

    def on_close(self, close: Callable[[], None]) -> None:
        """Something started beside the services (the HL7 listener), stopped first."""
        self._closers.append(close)

    def http_app(self) -> FastAPI:
        app = FastAPI(
            title="Carebridge",
            description="Care home vacancies, hospital discharge and placement brokerage.",
            version="0.1.0",
        )
        install_error_handlers(app)
        document_statuses(app, API_PREFIXES)
        app.add_middleware(
            RequestLimits, max_body_bytes=self.settings.max_body_bytes, json_paths=API_PREFIXES
        )
        app.state.tokens = self.tokens
        mount_audit(app, self.audit)
        for name, service in self.services.items():
            mount_service(name, app, service)
        from services.dashboard import mount_dashboard

        mount_dashboard(app, self)

        @app.get("/health", tags=["operations"], dependencies=[public(OPERATIONS)])
        def health() -> dict[str, str]:
            """Liveness: the process answers."""
            return {"status": "ok"}

        @app.get("/ready", tags=["operations"], dependencies=[public(OPERATIONS)])
        def ready() -> JSONResponse:
            """Readiness: event stores, read models and Kafka reachable, outbox and consumers
            keeping up, nothing set aside as a dead letter. 503 when not, naming what."""
            healths = self.health()
            body = {
                h.name: {"ready": h.ready, "problems": h.problems, "dead_letters": h.dead_letters}
                for h in healths
            }
            return JSONResponse(body, status_code=200 if all(h.ready for h in healths) else 503)

        @app.get("/metrics", tags=["operations"], dependencies=[public(OPERATIONS)])
        def metrics() -> Response:
            """Prometheus text format: log positions, outbox backlog, projections, lag, dead
            letters."""
            text = metrics_text(self.health()) + b"".join(self._extra_metrics())
            return Response(text, media_type="text/plain; version=0.0.4")

        check_rules(app, lambda route: route.path.startswith((*API_PREFIXES, *OPERATION_PATHS)))
        return app

    def start(self) -> None:
        """Start every background loop in its own daemon thread."""
        for service in self.services.values():
            for loop in service.loops():
                thread = threading.Thread(
                    target=loop,
                    args=(self._stop,),
                    daemon=True,
                    name=f"{service.name}:{getattr(loop, '__name__', 'loop')}",
                )
                thread.start()
                self._threads.append(thread)

    def health(self) -> list[ServiceHealth]:
        return [health_of(service, self.settings) for service in self.services.values()]

    def drain(self) -> None:
        """Run every relay and projection until nothing is pending (tests, CLI commands, the
        simulation; not while the background loops run)."""
        if self.settings.kafka_bootstrap:
            if self._kafka_drain is None:
                from services.kafka_drain import KafkaDrain

                self._kafka_drain = KafkaDrain(self)
            self._kafka_drain.drain()
            return
        # Draining one service can feed another through the bus, so go round until quiet.
        while sum(service.drain() for service in self.services.values()):
            pass

    def close(self) -> None:
        for close in self._closers:
            close()
        if self._kafka_drain is not None:
            self._kafka_drain.close()
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
        for service in self.services.values():
            service.close()
        self.tokens.close()
        self.audit.close()
