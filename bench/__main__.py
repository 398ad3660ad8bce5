"""Run the benchmark suite: `python -m bench [--scale 2] [--postgres-url ...]`.

Every figure is printed beside the same work done by the underlying engine alone (the
eventsourcing recorder, or SQLAlchemy on the same database) and the ratio of the two rates.
No figure is asserted: this measures, it does not judge.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bench import workload
from bench.common import Result, embedded_settings, fresh_database, postgres_settings
from bench.discharge import commands_and_rebuild
from bench.vacancies import search_latency

console = Console(width=None if sys.stdout.isatty() else 120)
cli = typer.Typer(add_completion=False, help=__doc__)


def _table(results: list[Result]) -> Table:
    table = Table(title="Carebridge benchmarks (rates: higher is better)")
    for name in ("Benchmark", "Backend", "Size", "Ours", "Engine alone", "Ratio"):
        right = name in ("Ours", "Engine alone", "Ratio")
        table.add_column(name, justify="right" if right else "left", overflow="fold")
    for r in results:
        ours, engine = f"{r.ours:,.0f} {r.unit}", f"{r.engine:,.0f} {r.unit}"
        table.add_row(r.name, r.backend, r.size, ours, engine, f"{r.ratio:.2f}")
    return table


def _details(results: list[Result]) -> None:
    console.print("What the engine alone did, and notes:")
    for r in results:
        note = f" [dim]({r.note})[/dim]" if r.note else ""
        console.print(f"  {r.name} ({r.backend}): {r.engine_work}{note}")


def _stage(title: str) -> float:
    console.print(f"[bold]{title}[/bold] ...")
    return time.perf_counter()


def _done(started: float, results: list[Result]) -> list[Result]:
    console.print(f"  done in {time.perf_counter() - started:.1f} s")
    return results


@cli.command()
def main(
    episodes: Annotated[int, typer.Option(help="discharge episodes to admit (x scale)")] = 5000,
    homes: Annotated[int, typer.Option(help="care homes to register (x scale)")] = 2000,
    queries: Annotated[int, typer.Option(help="vacancy searches to time")] = 500,
    scale: Annotated[float, typer.Option(help="multiplies episodes and homes")] = 1.0,
    seed: Annotated[int, typer.Option(help="seed of the vacancy data and queries")] = 7,
    postgres_url: Annotated[
        str | None,
        typer.Option(
            envvar="CAREBRIDGE_BENCH_POSTGRES_URL",
            help="a PostgreSQL server to repeat benchmarks 1 and 2 on, in a throwaway database",
        ),
    ] = None,
) -> None:
    n_episodes, n_homes = max(1, round(episodes * scale)), max(1, round(homes * scale))
    console.print(
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; "
        f"{n_episodes} episodes, {n_homes} homes, {queries} queries"
    )
    started = _stage("building the discharge workload (untimed)")
    work = workload.build(n_episodes)
    _done(started, [])
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="carebridge-bench-") as tmp:
        started = _stage("1, 2, 4: discharge commands, rebuild and DTOC return on SQLite")
        settings = embedded_settings(Path(tmp) / "discharge")
        results += _done(started, commands_and_rebuild(settings, work, returns=True))
        started = _stage("3: vacancy search on SQLite")
        settings = embedded_settings(Path(tmp) / "vacancies")
        results += _done(started, search_latency(settings, n_homes, queries, seed))
        if postgres_url:
            started = _stage("5: benchmarks 1 and 2 on PostgreSQL")
            try:
                with fresh_database(postgres_url) as url:
                    settings = postgres_settings(url, Path(tmp) / "pg")
                    results += _done(started, commands_and_rebuild(settings, work, returns=False))
            except Exception as exc:  # a server going away must not lose the other figures
                console.print(f"[red]5: PostgreSQL run failed: {type(exc).__name__}: {exc}[/red]")
        else:
            console.print(
                "[yellow]5: PostgreSQL skipped: set CAREBRIDGE_BENCH_POSTGRES_URL "
                "(or --postgres-url) to a server, e.g. the one `bash infra/start.sh` prints"
                "[/yellow]"
            )
    results.sort(key=lambda r: (r.name, r.backend != "SQLite"))
    console.print(_table(results))
    _details(results)
    console.print("Ratio = ours / engine alone, as rates: 1.00 would be no overhead at all.")


if __name__ == "__main__":
    cli()
