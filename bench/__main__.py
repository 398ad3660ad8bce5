"""Run the benchmark suite: `python -m bench [--postgres-url URL] [--kafka-bootstrap HOST:PORT]`.

Every figure is printed beside the same work done by the underlying engine alone (the
eventsourcing recorder, SQLAlchemy on the same database, or a bare kafka-python producer or
consumer on the same broker) and the ratio of the two rates; last, the targets of issue 19
with the run's figure for each it measured (bench/targets.py). Nothing is asserted.
"""

from __future__ import annotations

import os
import platform
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from bench import targets, workload
from bench.common import Result, embedded_settings, fresh_database, postgres_settings, production
from bench.consumer import consumer_throughput
from bench.discharge import commands_and_rebuild, rebuild_at_scale
from bench.endtoend import end_to_end
from bench.national import ENGLAND_ADMISSIONS, ENGLAND_HOMES, in_own_process, print_run
from bench.national import figures as national_figures
from bench.rebuilds import suite as rebuild_every_projection
from bench.relay import record_commands, relay_throughput
from bench.report import console, details, done, stage, table
from bench.vacancies import search_latency

cli = typer.Typer(add_completion=False, help=__doc__)


def _on_kafka(
    pg: str, kafka: str, tmp: Path, samples: int, interval: float | None, seed: int
) -> list[Result]:
    """Benchmarks 6 and 7 on the events benchmark 1 recorded, then 8; each on its own
    database and topics. A failure is printed and must not lose the other figures."""
    results: list[Result] = []
    started = stage("6, 7: outbox relay to Kafka, and the broker consuming it")
    try:
        with production(pg, kafka, tmp / "kafka") as settings:
            relayed, topic, messages = relay_throughput(
                settings, embedded_settings(tmp / "discharge")
            )
            results += [relayed, consumer_throughput(settings, topic, messages)]
        done(started, [])
    except Exception as exc:
        console.print(f"[red]6, 7: failed: {type(exc).__name__}: {escape(str(exc))}[/red]")
    started = stage("8: end-to-end latency, the three services as processes")
    extra = {} if interval is None else {"relay_interval_seconds": interval}
    try:
        with production(pg, kafka, tmp / "cluster", **extra) as settings:
            results += done(started, end_to_end(settings, samples, tmp, seed))
    except Exception as exc:
        console.print(f"[red]8: failed: {type(exc).__name__}: {escape(str(exc))}[/red]")
    return results


def _suite(
    work: workload.Workload,
    tmp: Path,
    n_homes: int,
    queries: int,
    seed: int,
    postgres_url: str | None,
) -> list[Result]:
    """Benchmarks 1-5."""
    results: list[Result] = []
    started = stage("1, 2, 4: discharge commands, rebuild and DTOC return on SQLite")
    settings = embedded_settings(tmp / "discharge")
    results += done(started, commands_and_rebuild(settings, work, returns=True))
    started = stage("3: vacancy search on SQLite")
    settings = embedded_settings(tmp / "vacancies")
    results += done(started, search_latency(settings, n_homes, queries, seed))
    if postgres_url:
        started = stage("5: benchmarks 1 and 2 on PostgreSQL")
        try:
            with fresh_database(postgres_url) as url:
                settings = postgres_settings(url, tmp / "pg")
                results += done(started, commands_and_rebuild(settings, work, returns=False))
        except Exception as exc:  # a server going away must not lose the other figures
            console.print(f"[red]5: PostgreSQL run failed: {type(exc).__name__}: {exc}[/red]")
    else:
        console.print(
            "[yellow]5: PostgreSQL skipped: set CAREBRIDGE_BENCH_POSTGRES_URL "
            "(or --postgres-url) to a server, e.g. the one `bash infra/start.sh` prints"
            "[/yellow]"
        )
    return results


def _large_rebuild(
    work: workload.Workload,
    tmp: Path,
    events: int,
    workers: int | None,
    postgres_url: str | None,
    rounds: int,
) -> list[Result]:
    """Benchmark 2 at `events` events, on SQLite and on PostgreSQL when given."""
    results: list[Result] = []
    started = stage(f"2: projection rebuild of {events:,} events on SQLite")
    settings = embedded_settings(tmp / "rebuild")
    results += done(started, rebuild_at_scale(settings, work, events, workers, rounds))
    if postgres_url:
        started = stage(f"2: projection rebuild of {events:,} events on PostgreSQL")
        try:
            with fresh_database(postgres_url) as url:
                settings = postgres_settings(url, tmp / "rebuild-pg")
                results += done(started, rebuild_at_scale(settings, work, events, workers, rounds))
        except Exception as exc:  # a server going away must not lose the other figures
            console.print(f"[red]2 on PostgreSQL failed: {type(exc).__name__}: {exc}[/red]")
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
    kafka_bootstrap: Annotated[
        str | None,
        typer.Option(
            envvar="CAREBRIDGE_BENCH_KAFKA_BOOTSTRAP",
            help="a Kafka broker for benchmarks 6-8 (with --postgres-url), on topics of this run",
        ),
    ] = None,
    samples: Annotated[int, typer.Option(help="end-to-end latency samples, each way")] = 50,
    relay_interval: Annotated[
        float | None, typer.Option(help="services' idle relay poll in benchmark 8 (default 0.2 s)")
    ] = None,
    rebuild_events: Annotated[
        int,
        typer.Option(
            help="also rebuild a log of this many events (e.g. 1000000), on SQLite and on "
            "PostgreSQL when given: the episodes' log copied under new references"
        ),
    ] = 0,
    rebuild_workers: Annotated[
        int | None, typer.Option(help="processes sharing that rebuild (default: one per CPU)")
    ] = None,
    rebuild_rounds: Annotated[
        int,
        typer.Option(min=1, help="rounds of that rebuild and its baseline, in turns (medians)"),
    ] = 3,
    only_rebuild: Annotated[
        bool, typer.Option(help="run only the large rebuild (with --rebuild-events)")
    ] = False,
    only_kafka: Annotated[
        bool,
        typer.Option(
            help="run only 6-8 (relay, consumer, end to end); benchmark 1's commands are "
            "applied first, untimed, to give the relay its log"
        ),
    ] = False,
    boroughs: Annotated[
        float,
        typer.Option(
            help="benchmark 9: simulated boroughs whose logs every projection "
            "rebuilds from (30 days each; 0: skip)"
        ),
    ] = 1.0,
    national_days: Annotated[
        int,
        typer.Option(
            help="benchmark 10: days of the national simulation at England's size "
            "(0: skip; about 1-2 min a simulated day; also `python -m bench.national`)"
        ),
    ] = 0,
) -> None:
    n_episodes, n_homes = max(1, round(episodes * scale)), max(1, round(homes * scale))
    console.print(
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; "
        f"{n_episodes} episodes, {n_homes} homes, {queries} queries"
    )
    started = stage("building the discharge workload (untimed)")
    work = workload.build(n_episodes)
    done(started, [])
    results: list[Result] = []
    figures: dict[str, targets.Figure] = {}
    with tempfile.TemporaryDirectory(prefix="carebridge-bench-") as tmp:
        if only_kafka:
            if not (kafka_bootstrap and postgres_url):
                raise typer.BadParameter("--only-kafka needs --kafka-bootstrap and --postgres-url")
            started = stage("1's commands on SQLite, untimed: the log 6 relays")
            record_commands(embedded_settings(Path(tmp) / "discharge"), work)
            done(started, [])
            results += _on_kafka(
                postgres_url, kafka_bootstrap, Path(tmp), samples, relay_interval, seed
            )
            only_rebuild, boroughs = True, 0  # nothing else
        if not only_rebuild:
            results += _suite(work, Path(tmp), n_homes, queries, seed, postgres_url)
            if kafka_bootstrap and postgres_url:
                results += _on_kafka(
                    postgres_url, kafka_bootstrap, Path(tmp), samples, relay_interval, seed
                )
            else:
                console.print(
                    "[yellow]6-8: Kafka skipped: they need CAREBRIDGE_BENCH_KAFKA_BOOTSTRAP (or "
                    "--kafka-bootstrap) and a PostgreSQL server, e.g. those `bash "
                    "infra/start.sh` prints[/yellow]"
                )
        if rebuild_events:
            results += _large_rebuild(
                work, Path(tmp), rebuild_events, rebuild_workers, postgres_url, rebuild_rounds
            )
        if boroughs and not only_rebuild:
            results += rebuild_every_projection(Path(tmp), boroughs, 30, seed, postgres_url)
        if national_days:
            started = stage("10: national simulation (England's size, embedded, own process)")
            run = in_own_process(
                ENGLAND_HOMES, ENGLAND_ADMISSIONS, national_days, seed, Path(tmp) / "national"
            )
            done(started, [])
            print_run(run, national_days)
            figures = national_figures(run, national_days)
    results.sort(key=lambda r: (r.name, r.backend != "SQLite"))
    console.print(table(results))
    details(results)
    console.print("Ratio = ours / engine alone, as rates: 1.00 would be no overhead at all.")
    console.print(targets.table(targets.figures_of(results) | figures))


if __name__ == "__main__":
    cli()
