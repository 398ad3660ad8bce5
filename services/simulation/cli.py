"""`carebridge simulate` and `carebridge demo`: a synthetic borough through the services.

Both run the three services embedded in this process; heavy imports wait until a command
runs, so `carebridge --help` stays quick.
"""

from __future__ import annotations

import logging
import shutil
import time
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from services.simulation import calibration as cal

if TYPE_CHECKING:
    from events.platform.settings import Settings
    from services.runtime import Runtime
    from services.simulation.simulation import Simulation

simulation_app = typer.Typer(no_args_is_help=True)
console = Console(width=110)

Days = Annotated[int, typer.Option(min=1, help="simulated days, ending at midnight today (UK)")]
Seed = Annotated[int, typer.Option(help="the same seed gives the same borough and history")]
Homes = Annotated[int, typer.Option(min=1, help="care homes (131 is one borough, like Sefton)")]


def _quiet() -> None:
    """The services log every event they skip by design (e.g. the broker's first event of a
    request, before needs are known, sets no DTOC reason): too loud for a simulation."""
    logging.getLogger().setLevel(logging.WARNING)
    logging.getLogger("services.discharge.policies").setLevel(logging.ERROR)


@simulation_app.command()
def simulate(days: Days = 30, seed: Seed = 7, homes: Homes = 131) -> None:
    """Simulate a synthetic borough into the configured data folder.

    Care homes, hospital wards, delays and placements, driven through the services'
    commands into CAREBRIDGE_DATA_DIR; prints a summary. Deterministic by seed."""
    from events.platform.settings import Settings
    from services.runtime import Runtime
    from services.simulation.simulation import Config, Simulation
    from services.simulation.summary import render, summarise

    _quiet()
    runtime = Runtime(Settings())
    try:
        sim = Simulation(runtime, Config(seed=seed, days=days, homes=homes))
        if sim.is_open():
            console.print(f"seed {seed} is already simulated here: use another data folder")
            raise typer.Exit(1)
        sim.run()
        render(summarise(sim), console)
    finally:
        runtime.close()


@simulation_app.command()
def demo(
    days: Annotated[int | None, typer.Option(min=1, help="days [60; 8 processes]")] = None,
    seed: Seed = 7,
    homes: Annotated[int | None, typer.Option(min=1, help="homes [131; 20 processes]")] = None,
    serve: Annotated[bool, typer.Option(help="serve it live, or print a summary and exit")] = True,
    port: Annotated[int, typer.Option(help="HTTP port on 127.0.0.1")] = 8000,
    speed: Annotated[float, typer.Option(help="simulated seconds per second, live")] = 3600.0,
    processes: Annotated[
        bool,
        typer.Option(
            help="each service its own process on PostgreSQL and Kafka (CAREBRIDGE_POSTGRES_URL,"
            " CAREBRIDGE_KAFKA_BOOTSTRAP, CAREBRIDGE_JWT_SECRET), driven over HTTP: kill one"
            " mid-run and start it again (docs/demo-processes.md)"
        ),
    ] = False,
) -> None:
    """Run a live simulated borough and serve it (or print a summary with --no-serve).

    Embedded default in a fresh folder <data dir>/demo-<seed>: simulates the last DAYS
    days, then keeps the borough going in accelerated time while serving it on 127.0.0.1.
    With --processes the services run as three processes (ports PORT+1..PORT+3) and the
    dashboard is served through a gateway on PORT once the history is simulated."""
    from events.platform.settings import Settings
    from services.runtime import Runtime
    from services.simulation.simulation import Config, Simulation
    from services.simulation.summary import render, summarise

    _quiet()
    if processes:
        _demo_processes(seed, days or 8, homes or 20, port, serve)
        return
    days, homes = days or 60, homes or 131
    embedded: dict[str, Any] = {"postgres_url": None, "kafka_bootstrap": None}  # no servers
    folder = Settings(**embedded).data_dir / f"demo-{seed}"
    shutil.rmtree(folder, ignore_errors=True)
    settings = Settings(data_dir=folder, **embedded)
    runtime = Runtime(settings)
    try:
        sim = Simulation(runtime, Config(seed=seed, days=days, homes=homes))
        if serve:
            console.print(f"Simulating {days} days of a borough (seed {seed}) in {folder} ...")
        sim.run()
        render(summarise(sim), console)
        if serve:
            _serve(sim, runtime, settings, port, speed)
    finally:
        runtime.close()


ICB = "QYG"  # the borough's integrated care board (events/reference/icbs.csv)


def demo_people(sim: Simulation) -> list[tuple[Any, str, str]]:
    """One person of each role in the demo's borough: (role, organisation, who they are)."""
    from events.platform.auth import Role

    council, council_name = cal.COUNCIL
    trust, trust_name, *_ = cal.PROVIDERS[0]
    provider = sim.market.homes[0].spec.provider_id
    agency = sim.agencies.agencies[0]  # a strategic partner: offered its zone's packages first
    agencies = (
        [(Role.PROVIDER, agency.provider_id, f"home care provider {agency.provider_id}")]
        if sim.home_care
        else []
    )
    return [
        (Role.PROVIDER, provider, f"care home provider {provider}"),
        *agencies,
        (Role.BROKER, council, f"council broker, {council_name}"),
        (Role.DISCHARGE, trust, f"discharge team, {trust_name}"),
        (Role.ESCALATION, ICB, "escalation call, Cheshire and Merseyside ICB"),
        (Role.ANALYST, "NHSE", "analyst"),
        (Role.ADMIN, "demo", "admin"),
    ]


def _serve(sim: Simulation, runtime: Runtime, settings: Settings, port: int, speed: float) -> None:
    import uvicorn

    from services.simulation.live import LiveRun

    runtime.start()
    live = LiveRun(sim, speed)
    live.start()
    console.print(f"\nCarebridge demo on http://127.0.0.1:{port}/ (API docs at /docs)")
    # after "#": the browser keeps it (the sign-in page moves it into its form), so it is
    # never sent in an address or written to a log
    console.print("Sign in as each role (each link holds its own token, for 12 hours):")
    for role, org, who in demo_people(sim):
        token = runtime.tokens.issue(role, org)
        link = f"http://127.0.0.1:{port}/login#token={token}"
        console.print(f"  {who:<44} {link}", soft_wrap=True, markup=False)
    console.print(
        "\nMore tokens (paste at /login, or send Authorization: Bearer ...): "
        f"CAREBRIDGE_DATA_DIR={settings.data_dir} carebridge token --role broker --org <council>"
    )
    try:
        uvicorn.run(runtime.http_app(), host="127.0.0.1", port=port, log_level="warning")
    finally:
        live.stop()


def _demo_processes(seed: int, days: int, homes: int, port: int, serve: bool) -> None:
    import uvicorn

    from events.platform.settings import Settings
    from services.simulation.remote.demo import (
        DemoPlan,
        print_access,
        remote_runtime,
        start_services,
    )
    from services.simulation.remote.gateway import gateway
    from services.simulation.simulation import Config, Simulation
    from services.simulation.summary import render, summarise

    plan, settings = DemoPlan(seed, days, homes, port), Settings()
    services, _ = start_services(plan, settings, console)
    runtime = remote_runtime(services, settings)
    try:
        sim = Simulation(runtime, Config(seed=seed, days=days, homes=homes))
        console.print(f"Simulating {days} days of a borough of {homes} homes (seed {seed}) ...")
        started = time.monotonic()
        sim.run()
        away = runtime.api.retries + runtime.api.polls_retried
        console.print(
            f"Simulated in {time.monotonic() - started:.0f} s; {away} calls were retried "
            "while a service was away."
        )
        render(summarise(sim), console)
        if serve:
            print_access(services, settings, plan, console)
            app = gateway({n: services.url(n) for n in services.ports})
            uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
    finally:
        runtime.close()
        services.stop_all()
