"""Benchmark 9: every projection of a service's own log rebuilt, each beside reading and
decoding that same log alone: the vacancies service's care-home index, the discharge
service's episode facts and the broker's waiting list, over the logs a simulated region
recorded (`services.simulation`, the borough of `carebridge demo` times `boroughs`).

Run alone: `python -m bench.rebuilds [--boroughs 4 --days 30 --postgres-url ...]`."""

from __future__ import annotations

import statistics
import tempfile
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer

from bench.common import (
    Result,
    backend_of,
    embedded_settings,
    fresh_database,
    in_turns,
    postgres_settings,
    spread,
)
from bench.report import console, details, done, stage, table
from events.delivery.projection import LogProjection
from events.platform.settings import Settings
from services.runtime import Runtime
from services.simulation import calibration as cal
from services.simulation.simulation import Config, Simulation

READ_BATCH = 10_000  # as the fast rebuild reads the log


def read_and_decode(recorder: Any, mapper: Any, batch: int = READ_BATCH) -> int:
    """The log read in batches and decoded to domain events, nothing more: the engine's
    part of any rebuild."""
    count = start = 0
    while notes := recorder.select_notifications(start, batch, inclusive_of_start=False):
        for note in notes:
            mapper.to_domain_event(note)
        count += len(notes)
        start = notes[-1].id
    return count


def _projections(runtime: Runtime) -> list[tuple[str, Any, LogProjection]]:
    """(service, its application, projection) for every projection of a service's own log."""
    found = []
    for name, service in runtime.services.items():
        for value in vars(service).values():
            if isinstance(value, LogProjection):
                found.append((name, service.app, value))  # type: ignore[attr-defined]
    return found


def projection_rebuilds(settings: Settings, boroughs: float, days: int, seed: int) -> list[Result]:
    """The region simulated through the services (untimed), then each projection rebuilt
    (timed, the service's own rebuild: fast path where the projector has one) after its log
    was read and decoded alone (timed; once untimed before, so both find it cached)."""
    runtime = Runtime(settings)
    try:
        homes = max(1, round(cal.HOMES * boroughs))
        Simulation(runtime, Config(seed=seed, days=days, homes=homes)).run()
        return rebuild_each(runtime, f"{homes:,} homes, {days} days")
    finally:
        runtime.close()


def rebuild_each(runtime: Runtime, what: str, rounds: int = 3) -> list[Result]:
    """Every own-log projection of the runtime's services rebuilt beside read-and-decode, in
    turns for `rounds` rounds (medians)."""
    results = []
    for service, app, projection in _projections(runtime):
        read_and_decode(app.outbox, app.mapper)
        (decoded, decodes), (applied, rebuilds) = in_turns(
            partial(read_and_decode, app.outbox, app.mapper), projection.rebuild, rounds
        )
        decode, rebuild = statistics.median(decodes), statistics.median(rebuilds)
        assert applied == decoded, f"{projection.name}: the rebuild skipped part of the log"
        results.append(
            Result(
                f"9 rebuild {service}: {projection.name}",
                backend_of(runtime.settings),
                f"{applied:,} events ({what})",
                applied / rebuild,
                decoded / decode,
                "events/s",
                f"select_notifications in batches of {READ_BATCH:,} + mapper.to_domain_event "
                "of the same log",
                f"ours {spread(rebuilds)}, read and decode {spread(decodes)}"
                + (f", medians of {rounds} rounds in turns" if rounds > 1 else ""),
            )
        )
    return results


def suite(
    tmp: Path, boroughs: float, days: int, seed: int, postgres_url: str | None
) -> list[Result]:
    """Benchmark 9 on SQLite, and on PostgreSQL (a throwaway database) when given."""
    started = stage(f"9: every projection rebuilt, {boroughs:g} boroughs x {days} days, SQLite")
    results = done(started, projection_rebuilds(embedded_settings(tmp / "9"), boroughs, days, seed))
    if postgres_url:
        started = stage("9: the same on PostgreSQL")
        with fresh_database(postgres_url) as url:
            settings = postgres_settings(url, tmp / "9-pg")
            results += done(started, projection_rebuilds(settings, boroughs, days, seed))
    return results


cli = typer.Typer(add_completion=False)


@cli.command()
def main(
    boroughs: Annotated[float, typer.Option(help="simulated boroughs (131 homes each)")] = 1.0,
    days: Annotated[int, typer.Option(min=1, help="simulated days")] = 30,
    seed: Annotated[int, typer.Option(help="the simulation's seed")] = 7,
    postgres_url: Annotated[
        str | None,
        typer.Option(envvar="CAREBRIDGE_BENCH_POSTGRES_URL", help="repeat on this server"),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            file_okay=False,
            help="instead of simulating: rebuild every projection of the embedded stores in "
            "this folder (e.g. the one `python -m bench.national --data-dir` kept)",
        ),
    ] = None,
    rounds: Annotated[
        int, typer.Option(min=1, help="rounds of each rebuild and its baseline, in turns")
    ] = 3,
) -> None:
    """Benchmark 9 alone: every own-log projection rebuilt beside read-and-decode."""
    if data_dir is not None:
        runtime = Runtime(embedded_settings(data_dir))
        try:
            results = rebuild_each(runtime, f"the logs in {data_dir}", rounds)
        finally:
            runtime.close()
        console.print(table(results))
        details(results)
        return
    with tempfile.TemporaryDirectory(prefix="carebridge-bench-") as tmp:
        results = suite(Path(tmp), boroughs, days, seed, postgres_url)
    console.print(table(results))
    details(results)


if __name__ == "__main__":
    cli()
