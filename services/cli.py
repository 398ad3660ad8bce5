"""The `carebridge` command. Every sub-command reads the same CAREBRIDGE_* settings."""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from events import bounds as b
from events.platform.logs import configure_logging
from events.platform.options import within
from events.platform.settings import Settings
from services.audit_cli import audit_app
from services.broker.entrypoints.cli import broker_app
from services.broker.entrypoints.cli_homecare import homecare_app
from services.deadletters_cli import deadletters_app
from services.discharge.entrypoints.cli import import_app, returns_app
from services.discharge.feed.cli import feed_app
from services.simulation.cli import simulation_app
from services.tokens_cli import token_app

app = typer.Typer(
    help="Carebridge: care home vacancies, hospital discharge and brokerage.", no_args_is_help=True
)
events_app = typer.Typer(help="The published integration events.", no_args_is_help=True)
app.add_typer(events_app, name="events")
app.add_typer(returns_app, name="returns")
app.add_typer(import_app, name="import")
app.add_typer(feed_app, name="feed")
app.add_typer(broker_app, name="broker")
app.add_typer(homecare_app, name="homecare")
app.add_typer(deadletters_app, name="deadletters")
app.add_typer(audit_app, name="audit")
app.add_typer(token_app, name="token")
app.add_typer(simulation_app)  # simulate, demo
console = Console()


def settings() -> Settings:
    return Settings()


@app.command()
def serve(
    service: Annotated[str, typer.Argument(help="all, or one service name")] = "all",
    host: Annotated[str | None, typer.Option(help="defaults to CAREBRIDGE_HTTP_HOST")] = None,
    port: Annotated[int | None, typer.Option(help="defaults to CAREBRIDGE_HTTP_PORT")] = None,
    hl7_port: Annotated[
        int | None, typer.Option(help="also listen for HL7 v2 ADT over MLLP here", min=1)
    ] = None,
    hl7_trust: Annotated[
        str | None,
        typer.Option(
            help="the ODS code of the trust sending on --hl7-port", callback=within(b.OdsCode)
        ),
    ] = None,
    hl7_config: Annotated[
        Path | None, typer.Option(help="that trust's mapping (TOML)", exists=True)
    ] = None,
) -> None:
    """Run the HTTP API with its outbox relays, projections and consumers."""
    import uvicorn

    from services.runtime import SERVICE_NAMES, Runtime

    s = settings()
    names = SERVICE_NAMES if service == "all" else (service,)
    if (hl7_port is None) != (hl7_trust is None):
        raise typer.BadParameter("give --hl7-port and --hl7-trust together", param_hint="--hl7")
    if hl7_port is not None and "discharge" not in names:
        raise typer.BadParameter("the feed writes to the discharge service", param_hint="service")
    runtime = Runtime(s, names)
    runtime.start()
    if hl7_port is not None and hl7_trust is not None:
        from services.discharge.feed.wiring import start_listener

        listener = start_listener(
            runtime.services["discharge"],
            hl7_trust.strip().upper(),
            hl7_port,
            host or s.http_host,
            hl7_config,
        )
        runtime.on_close(listener.close)
        console.print(f"HL7 v2 over MLLP for {hl7_trust.upper()} on port {listener.port}")
    console.print(
        f"Carebridge ({s.mode} mode, data in {s.data_dir}) "
        f"on http://{host or s.http_host}:{port or s.http_port}"
    )
    console.print("Get a token with: carebridge token --role broker --org <organisation>")
    try:
        http = runtime.http_app()
        settle_heap()
        uvicorn.run(http, host=host or s.http_host, port=port or s.http_port, log_level="info")
    finally:
        runtime.close()


def settle_heap() -> None:
    """Set what the process made to start (modules, the app, the services) outside the
    garbage collector's full passes, which otherwise walk it all each time: under the load
    bench (docs/performance.md, 12) each such pass stopped every request for 90-180 ms, every
    15-25 s, and set the reads' p99; after this, 12-22 ms."""
    gc.collect()
    gc.freeze()


@app.command()
def rebuild(
    service: Annotated[str, typer.Argument(help="the service whose read models to rebuild")],
    from_topics: Annotated[
        bool, typer.Option(help="also the views of other services' facts, from Kafka offset 0")
    ] = False,
) -> None:
    """Rebuild a service's read models from its event store, beside the live ones, and switch
    them in at once."""
    from services.runtime import Runtime

    runtime = Runtime(settings(), (service,))
    try:
        svc = runtime.services[service]
        replayed = svc.rebuild()
        console.print(f"rebuilt {service} read models from {replayed} stored events")
        if from_topics:
            if not hasattr(svc, "rebuild_from_topics"):
                raise typer.BadParameter(f"{service} keeps no view of other services' topics")
            read = svc.rebuild_from_topics()
            console.print(f"rebuilt {service}'s views of other services from {read} messages")
        with svc.dead_letters.engine.connect() as conn:
            held = svc.dead_letters.counts(conn)
        for consumer, n in sorted(held.items()):
            console.print(
                f"[yellow]{consumer}: {n} event(s) set aside (carebridge deadletters)", markup=True
            )
    finally:
        runtime.close()


@app.command()
def relay(
    service: Annotated[str, typer.Argument(help="the service whose outbox to publish")],
    batch_size: Annotated[int, typer.Option(help="notifications per published batch")] = 500,
) -> None:
    """Run only a service's outbox relay, until stopped (operations and fault tests)."""
    import signal
    import threading

    from services.runtime import Runtime

    s = settings()
    runtime = Runtime(s, (service,))
    outbox = runtime.services[service].relay
    outbox.batch_size = batch_size
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    console.print(f"relaying {service} from position {outbox.position}")
    try:
        outbox.run_forever(stop, s.relay_interval_seconds)
    except KeyboardInterrupt:
        pass
    finally:
        runtime.close()


@app.command()
def status(
    service: Annotated[str, typer.Argument(help="all, or one service name")] = "all",
) -> None:
    """Outbox backlog, projection positions, consumer lag and readiness of each service."""
    from rich.table import Table

    from services.runtime import SERVICE_NAMES, Runtime

    runtime = Runtime(settings(), SERVICE_NAMES if service == "all" else (service,))
    try:
        healths = runtime.health()
    finally:
        runtime.close()
    table = Table(title="Carebridge status")
    for column in ("service", "log", "published", "backlog", "projections", "lag", "ready"):
        table.add_column(column)
    for h in healths:
        table.add_row(
            h.name,
            str(h.log_position),
            str(h.relay_position),
            str(h.backlog),
            ", ".join(f"{k} {v}" for k, v in h.projections.items()),
            "-" if h.consumer_lag is None else str(h.consumer_lag),
            "yes" if h.ready else "no: " + "; ".join(h.problems),
        )
    console.print(table)
    if not all(h.ready for h in healths):
        raise typer.Exit(1)


@events_app.command("schema")
def events_schema(
    out: Annotated[Path, typer.Option(help="folder to write the JSON Schemas to")] = Path(
        "schemas"
    ),
) -> None:
    """Write the JSON Schema of every published event version."""
    from events.schemas import write_schemas

    for path in write_schemas(out):
        console.print(str(path))


def main() -> None:
    try:
        configure_logging(Settings())
    except ValueError:  # bad settings: the command itself will say what is wrong
        logging.basicConfig(level=logging.INFO)
    app()


if __name__ == "__main__":
    main()
