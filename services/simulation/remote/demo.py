"""`carebridge demo --processes`: the borough simulated over HTTP into the three services,
each its own `carebridge serve` process on PostgreSQL and Kafka, so a user can kill one in
the middle of the run, start it again, and see the run carry on to the same figures."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from events.platform.auth import Role
from events.platform.settings import Settings
from events.platform.tokens import Tokens
from services.simulation.remote.processes import (
    NAMES,
    Services,
    demo_env,
    fresh_database,
    write_env,
)
from services.simulation.remote.runtime import RemoteRuntime


@dataclass(frozen=True)
class DemoPlan:
    seed: int
    days: int
    homes: int
    port: int  # the dashboard; the services take the three ports after it


def start_services(plan: DemoPlan, settings: Settings, console: Console) -> tuple[Services, Path]:
    if not (settings.postgres_url and settings.kafka_bootstrap):
        raise SystemExit(
            "carebridge demo --processes needs PostgreSQL and Kafka: set CAREBRIDGE_POSTGRES_URL, "
            "CAREBRIDGE_KAFKA_BOOTSTRAP, CAREBRIDGE_JWT_SECRET and CAREBRIDGE_CIPHER_KEY "
            "(see docs/demo-processes.md)"
        )
    folder = (settings.data_dir / f"demo-{plan.seed}-processes").resolve()
    database = fresh_database(settings.postgres_url, f"carebridge_demo_{plan.seed}")
    prefix = f"demo{plan.seed}-{int(time.time())}."  # fresh topics: nothing left from before
    env = demo_env(settings, database, prefix, folder / "data")
    write_env(folder / "env", env)
    ports = {name: plan.port + 1 + i for i, name in enumerate(NAMES)}
    services = Services(env, ports, folder / "logs")
    console.print(f"Starting the three services (database {database}, topics {prefix}*) ...")
    services.start_all()
    table = Table(title="The services, each its own process")
    for column in ("service", "pid", "API"):
        table.add_column(column)
    for name in NAMES:
        table.add_row(name, str(services.procs[name].pid), services.url(name))
    console.print(table)
    console.print(
        "Kill one whenever you like (e.g. [bold]kill -9 <pid>[/bold]); the simulation waits, "
        "retrying, until you start it again in another terminal with:",
        soft_wrap=True,
    )
    console.print(f"  set -a; . {folder}/env; set +a", soft_wrap=True, highlight=False)
    for name in NAMES:
        console.print(f"  carebridge serve {name} --port {ports[name]}", highlight=False)
    console.print(f"Logs: {folder}/logs", soft_wrap=True, highlight=False)
    return services, folder


def remote_runtime(services: Services, settings: Settings) -> RemoteRuntime:
    return RemoteRuntime({n: services.url(n) for n in NAMES}, settings)


def print_access(services: Services, settings: Settings, plan: DemoPlan, console: Console) -> None:
    token = Tokens(settings).issue(Role.ADMIN, "demo")
    # the token after "#" stays in the browser: never sent in an address, never logged
    console.print(f"\nDashboard (through a gateway to the three processes), signed in as admin: "
                  f"http://127.0.0.1:{plan.port}/login#token={token}", soft_wrap=True)  # fmt: skip
    console.print(
        "Tokens for other roles: carebridge token --role broker --org <council> "
        "(with the same CAREBRIDGE_JWT_SECRET). Ctrl-C stops the gateway and the services.",
        soft_wrap=True,
    )
