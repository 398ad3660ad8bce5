"""The roles' mix under concurrent load, by locust (headless, bounded in time).

    python -m bench.load [--users 50] [--seconds 60] [--days 14]
                         [--postgres-url URL --kafka-bootstrap HOST:PORT]

Simulates a borough into a throwaway data folder (or a fresh PostgreSQL database and Kafka
topics), serves it with `carebridge serve` as its own process, issues each role a token, and
runs bench/locustfile.py against it. Prints throughput, p50 and p99 per request type and the
errors, beside the targets of docs/performance.md (reads p99 < 100 ms, commands < 250 ms, no
errors). Measures; asserts nothing.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.table import Table

from bench import targets
from bench.cluster import REPO, env_of, free_port, healthy, until
from bench.common import embedded_settings, production
from bench.report import console
from events.platform.auth import Role, issue_token
from events.platform.settings import Settings
from services.simulation import calibration as cal

ICB = "QYG"  # Cheshire and Merseyside, the simulated borough's ICB
READ_P99_MS = targets.TARGETS["load-reads"].bound  # issue 19, in bench/targets.py
COMMAND_P99_MS = targets.TARGETS["load-commands"].bound
cli = typer.Typer(add_completion=False, help=__doc__)


@dataclass(frozen=True)
class Row:
    name: str
    requests: int
    failures: int
    per_second: float
    p50_ms: float
    p99_ms: float

    @property
    def command(self) -> bool:
        return self.name.startswith("POST")


def carebridge(settings: Settings, *args: str) -> str:
    """A `carebridge` command against the settings' stores; its standard output."""
    cmd = [sys.executable, "-m", "services.cli", *args]
    done = subprocess.run(cmd, env=env_of(settings), capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return done.stdout.strip()


@contextmanager
def served(settings: Settings, log: Path) -> Iterator[str]:
    port = free_port()
    cmd = [sys.executable, "-m", "services.cli", "serve", "--port", str(port)]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env_of(settings), stdout=out, stderr=out)
        try:
            url = f"http://127.0.0.1:{port}"
            until(partial(healthy, proc, url), f"{url}/health")
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def plan(settings: Settings, url: str) -> dict[str, object]:
    """The tokens and ids the locust users need, read through the API as a broker would."""
    secret = settings.signing_secret  # the one `carebridge serve` signs with, from the data folder

    def token(role: str, organisation: str) -> str:
        return issue_token(secret, role=Role(role), organisation=organisation)

    council, trust = cal.COUNCIL[0], cal.PROVIDERS[0][0]
    broker = token("broker", council)
    found = httpx.get(
        f"{url}/vacancies/search?registration=nursing",
        headers={"Authorization": f"Bearer {broker}"},
        timeout=30,
    ).json()
    homes = [{"home_id": h["home_id"], "provider_id": h["provider_id"]} for h in found][:20]
    if not homes:
        raise RuntimeError("the simulated borough has no nursing homes to load")
    providers = {h["provider_id"] for h in homes}
    return {
        "council": council,
        "trust": trust,
        "homes": homes,
        "tokens": {
            "broker": broker,
            "discharge": token("discharge", trust),
            "escalation": token("escalation", ICB),
            "analyst": token("analyst", "NHSE"),
            "providers": {p: token("provider", p) for p in providers},
        },
    }


def run_locust(url: str, plan_file: Path, users: int, seconds: int, prefix: Path) -> list[Row]:
    cmd = [
        sys.executable, "-m", "locust", "-f", str(REPO / "bench" / "locustfile.py"),
        "--headless", "--only-summary", "--users", str(users),
        "--spawn-rate", str(max(1, users // 5)), "--run-time", f"{seconds}s",
        "--host", url, "--csv", str(prefix), "--exit-code-on-error", "0",
    ]  # fmt: skip
    env = {**os.environ, "CAREBRIDGE_LOAD_PLAN": str(plan_file)}
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=seconds + 120)
    with Path(f"{prefix}_failures.csv").open() as f:
        for failure in csv.DictReader(f):
            console.print(
                f"[red]{failure['Occurrences']} x {failure['Method']} {failure['Name']}: "
                f"{failure['Error'][:300]}[/red]"
            )
    with Path(f"{prefix}_stats.csv").open() as f:
        return [
            Row(
                r["Name"],
                int(r["Request Count"]),
                int(r["Failure Count"]),
                float(r["Requests/s"]),
                float(r["50%"]),
                float(r["99%"]),
            )
            for r in csv.DictReader(f)
            if r["Name"] != "Aggregated"
        ]


def report(rows: list[Row], backend: str, users: int, seconds: int) -> None:
    table = Table(title=f"{users} concurrent users for {seconds} s, {backend}")
    for heading in ("request", "count", "per s", "p50 ms", "p99 ms", "errors", "target p99"):
        table.add_column(heading, justify="left" if heading == "request" else "right")
    for r in sorted(rows, key=lambda r: (r.command, r.name)):
        target = COMMAND_P99_MS if r.command else READ_P99_MS
        met = "met" if r.p99_ms < target and not r.failures else "not met"
        table.add_row(
            r.name, str(r.requests), f"{r.per_second:.1f}", f"{r.p50_ms:.0f}",
            f"{r.p99_ms:.0f}", str(r.failures), f"< {target:.0f} ({met})",
        )  # fmt: skip
    console.print(table)
    total = sum(r.per_second for r in rows)
    errors = sum(r.failures for r in rows)
    reads = max((r.p99_ms for r in rows if not r.command), default=0.0)
    commands = max((r.p99_ms for r in rows if r.command), default=0.0)
    console.print(
        f"{total:.1f} requests/s in all; {errors} errors; worst p99: reads {reads:.0f} ms "
        f"(target < {READ_P99_MS:.0f}), commands {commands:.0f} ms (target < {COMMAND_P99_MS:.0f})"
    )
    source, partial = f"12, {users} users for {seconds} s, {backend}", users < 50
    found = {
        "load-errors": targets.Figure(errors, source, partial),
        "load-reads": targets.Figure(reads, source, partial),
        "load-commands": targets.Figure(commands, source, partial),
    }
    console.print(targets.table(found, list(found)))


@cli.command()
def main(
    users: Annotated[int, typer.Option(min=1, max=500)] = 50,
    seconds: Annotated[int, typer.Option(min=5, max=3600)] = 60,
    days: Annotated[int, typer.Option(min=1, max=120, help="simulated days first")] = 14,
    postgres_url: Annotated[str | None, typer.Option(help="a PostgreSQL server")] = None,
    kafka_bootstrap: Annotated[str | None, typer.Option(help="a Kafka broker")] = None,
) -> None:
    """Seed, serve, load, report."""
    if (postgres_url is None) != (kafka_bootstrap is None):
        raise typer.BadParameter("give --postgres-url and --kafka-bootstrap together")
    with tempfile.TemporaryDirectory(prefix="carebridge-load-") as tmp, ExitStack() as stack:
        folder = Path(tmp)
        if postgres_url and kafka_bootstrap:
            settings = stack.enter_context(production(postgres_url, kafka_bootstrap, folder))
            backend = "PostgreSQL + Kafka, one process"
        else:
            settings, backend = embedded_settings(folder), "embedded (SQLite, in-process bus)"
        console.print(f"Simulating {days} days of a borough ({backend}) ...")
        carebridge(settings, "simulate", "--days", str(days))
        url = stack.enter_context(served(settings, folder / "serve.log"))
        plan_file = folder / "plan.json"
        plan_file.write_text(json.dumps(plan(settings, url)))
        console.print(f"Loading {url} with {users} users for {seconds} s (locust) ...")
        rows = run_locust(url, plan_file, users, seconds, folder / "locust")
        report(rows, backend, users, seconds)


if __name__ == "__main__":
    cli()
