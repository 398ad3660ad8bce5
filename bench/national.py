"""A national simulation: the synthetic borough (services/simulation) at England's size for a
simulated month, embedded (SQLite stores, the in-process bus), through the services' commands.

Prints simulated days per second, the events the three services recorded per second (day by
day, so the sustained rate and its trend show), the wall time, the process's peak RSS, the
memory each service's objects retain at a few points, and the read models' sizes at the end.
`--scales 1,10,100` instead runs 1, 10 and 100 boroughs (131 homes each), each in a fresh
process, for the table of how rate and memory grow. Nothing is asserted.
"""

from __future__ import annotations

import cProfile
import logging
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from multiprocessing import get_context
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlalchemy import func, inspect, select, table

from bench.common import embedded_settings
from bench.memory import MB, memory, peak_rss_mb, rss_mb
from bench.report import console, num
from services.broker.bootstrap import Broker
from services.discharge.bootstrap import Discharge
from services.runtime import Runtime
from services.simulation import Config, Simulation
from services.simulation import calibration as cal
from services.simulation.clock import uk_time
from services.vacancies.bootstrap import Vacancies

ENGLAND_HOMES = 14_000  # /work/shared/domain.md: about 14,000-15,000 care homes
ENGLAND_ADMISSIONS = round(4_000_000 / 365)  # ~4 million acute discharges with a DRD a year
SERVICES = ("vacancies", "discharge", "broker")
OWNERS = (*SERVICES, "simulation")


@dataclass
class Day:
    label: str
    seconds: float
    events: dict[str, int]  # recorded by each service's store during the step
    rss_mb: float
    cpu: float  # this process's CPU seconds: steadier than wall time on a shared machine

    @property
    def total(self) -> int:
        return sum(self.events.values())


@dataclass
class Run:
    homes: int
    admissions: float
    setup: Day  # building the borough and registering its homes, before day 1
    days: list[Day] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    retained: dict[str, dict[str, float]] = field(default_factory=dict)  # when -> owner -> MB
    rows: dict[str, dict[str, int]] = field(default_factory=dict)  # service -> table -> rows
    files_mb: dict[str, float] = field(default_factory=dict)

    @property
    def wall(self) -> float:
        return self.setup.seconds + sum(d.seconds for d in self.days)

    def rate(self, days: list[Day]) -> float:
        """Events per second over these days (the setup's bulk registration left out)."""
        return sum(d.total for d in days) / max(sum(d.seconds for d in days), 1e-9)

    def cpu_rate(self) -> float:
        return sum(d.total for d in self.days) / max(sum(d.cpu for d in self.days), 1e-9)


def _services(sim: Simulation) -> dict[str, Vacancies | Discharge | Broker]:
    return {"vacancies": sim.vacancies, "discharge": sim.discharge, "broker": sim.broker}


def _recorded(sim: Simulation) -> dict[str, int]:
    """Events in each service's store so far: its notification log's highest id."""
    stores = {n: s.app.recorder for n, s in _services(sim).items()}
    return {n: recorder.max_notification_id() or 0 for n, recorder in stores.items()}


def _read_models(sim: Simulation) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for name, service in _services(sim).items():
        with service.engine.connect() as conn:
            out[name] = {
                t: conn.execute(select(func.count()).select_from(table(t))).scalar_one()
                for t in sorted(inspect(conn).get_table_names())
            }
    return out


def simulate(
    homes: int,
    admissions: float | None,
    days: int,
    seed: int,
    data_dir: Path,
    samples: int = 3,
    report: Callable[[Day], None] | None = None,
) -> Run:
    """Run the borough day by day (the services drain at each midnight, so each day's events
    are counted with its own wall time); retained memory is sampled after the setup and at
    `samples - 1` evenly spaced days (0: never: the traversal pauses the run)."""
    logging.getLogger().setLevel(logging.WARNING)  # as `carebridge simulate`: not every event
    logging.getLogger("services.discharge.policies").setLevel(logging.ERROR)
    started, cpu, rss0 = time.perf_counter(), time.process_time(), rss_mb()
    runtime = Runtime(embedded_settings(data_dir))
    try:
        config = Config(seed=seed, days=days, homes=homes, admissions_per_day=admissions)
        sim = Simulation(runtime, config)
        sim.open()
        sim.sync()  # the homes' registrations reach the read models and the broker
        cpu, used = time.process_time(), time.process_time() - cpu
        setup = Day("setup", time.perf_counter() - started, _recorded(sim), rss_mb() - rss0, used)
        run = Run(homes, config.daily_admissions, setup)
        if samples > 0:
            run.retained["after setup"] = memory(sim, runtime)
        at = {days * k // (samples - 1) for k in range(1, samples)} if samples > 1 else set()
        before = setup.events
        for n in range(days):
            day: date = sim.first_day + timedelta(days=n)
            started, cpu = time.perf_counter(), time.process_time()
            sim.run_until(uk_time(day + timedelta(days=1), 0))
            seconds, now = time.perf_counter() - started, _recorded(sim)
            events = {s: now[s] - before[s] for s in SERVICES}
            step = Day(f"{day}", seconds, events, rss_mb(), time.process_time() - cpu)
            run.days.append(step)
            before = now
            if report:
                report(step)
            if n + 1 in at:
                run.retained[f"after day {n + 1}"] = memory(sim, runtime)
        run.peak_rss_mb = peak_rss_mb()
        run.rows = _read_models(sim)
    finally:
        runtime.close()
    run.files_mb = {p.name: p.stat().st_size / MB for p in sorted(data_dir.glob("*.sqlite*"))}
    return run


def _load(when: str) -> None:
    """Others' work on the same cores slows the wall-clock figures (not the CPU ones)."""
    one, five, _ = os.getloadavg()
    console.print(f"[dim]load average {when}: {one:.2f} (1 min), {five:.2f} (5 min); "
                  f"{os.cpu_count()} CPUs[/dim]")  # fmt: skip


def print_run(run: Run, days: int) -> None:
    per_day = Table(title="Events recorded per simulated day (all three stores)")
    for name in ("Day", *SERVICES, "Total", "Wall s", "CPU s", "Events/s", "RSS MB"):
        per_day.add_column(name, justify="left" if name == "Day" else "right")
    for d in (run.setup, *run.days):
        counts = [f"{d.events[s]:,}" for s in SERVICES]
        rate = num(d.total / max(d.seconds, 1e-9))
        per_day.add_row(d.label, *counts, f"{d.total:,}", f"{d.seconds:.1f}", f"{d.cpu:.1f}", rate,
                        f"{d.rss_mb:,.0f}")  # fmt: skip
    console.print(per_day)
    third = max(1, len(run.days) // 3)
    day_seconds = sum(d.seconds for d in run.days)
    summary = Table(
        title=f"National simulation: {run.homes:,} homes, {days} days", show_header=False
    )
    summary.add_column("what")
    summary.add_column("value", justify="right")
    for what, value in (
        ("admissions with a ready date per day", num(run.admissions)),
        ("wall time: setup + days", f"{run.setup.seconds:,.1f} + {day_seconds:,.1f} s"),
        ("wall time in all", f"{run.wall:,.1f} s"),
        ("simulated days per second", f"{days / max(day_seconds, 1e-9):.3g}"),
        ("events recorded (setup + days)", f"{run.setup.total + sum(d.total for d in run.days):,}"),
        ("events/s sustained over the days", num(run.rate(run.days))),
        (f"events/s, first {third} / last {third} days", f"{num(run.rate(run.days[:third]))} / "
         f"{num(run.rate(run.days[-third:]))}"),
        ("events per CPU-second of this process", num(run.cpu_rate())),
        ("peak RSS of the process (getrusage)", f"{run.peak_rss_mb:,.0f} MB"),
    ):  # fmt: skip
        summary.add_row(what, value)
    console.print(summary)
    if run.retained:
        memory = Table(title="Python objects each service retains (MB; method: bench/national.py)")
        memory.add_column("Owner")
        for when in run.retained:
            memory.add_column(when, justify="right")
        for owner in (*OWNERS, "process RSS"):
            memory.add_row(owner, *(f"{r[owner]:,.1f}" for r in run.retained.values()))
        console.print(memory)
    sizes = Table(title="Read models at the end (rows)")
    for name in ("Service", "Table", "Rows"):
        sizes.add_column(name, justify="right" if name == "Rows" else "left")
    for service, tables in run.rows.items():
        for name, count in tables.items():
            sizes.add_row(service, name, f"{count:,}")
    console.print(sizes)
    files = ", ".join(f"{name} {mb:,.1f}" for name, mb in run.files_mb.items())
    console.print(f"SQLite files (MB): {files}")


def _one_scale(boroughs: float, days: int, seed: int, samples: int) -> Run:
    """One size in a fresh process, so its peak RSS is its own (runs in a spawned child)."""
    with tempfile.TemporaryDirectory(prefix="carebridge-national-") as tmp:
        return simulate(round(cal.HOMES * boroughs), None, days, seed, Path(tmp), samples)


def _print_scales(scales: list[float], days: int, seed: int, samples: int) -> None:
    out = Table(title=f"The borough at 10x steps, {days} days each (admissions in proportion)")
    cols = ("Boroughs", "Homes", "Admissions/day", "Events", "Wall s", "Days/s", "Events/s",
            "Events/CPU s", "Peak RSS MB", "Retained MB")  # fmt: skip
    for name in cols:
        out.add_column(name, justify="right")
    spawn = get_context("spawn")
    for boroughs in scales:
        with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
            run = pool.submit(_one_scale, boroughs, days, seed, samples).result()
        events = run.setup.total + sum(d.total for d in run.days)
        last = next(reversed(run.retained.values()), {})
        retained = sum(last.get(owner, 0.0) for owner in OWNERS)
        console.print(f"  {boroughs:g} boroughs: {run.wall:,.1f} s, {num(run.rate(run.days))} ev/s")
        days_per_s = days / sum(d.seconds for d in run.days)
        out.add_row(f"{boroughs:g}", f"{run.homes:,}", num(run.admissions), f"{events:,}",
                    f"{run.wall:,.1f}", f"{days_per_s:.3g}", num(run.rate(run.days)),
                    num(run.cpu_rate()),
                    f"{run.peak_rss_mb:,.0f}", f"{retained:,.0f}")  # fmt: skip
    console.print(out)


cli = typer.Typer(add_completion=False, help=__doc__)


@cli.command()
def main(
    homes: Annotated[int, typer.Option(help="care homes (England: ~14,000)")] = ENGLAND_HOMES,
    admissions: Annotated[
        float, typer.Option(help="admissions with a DRD a day; 0: in proportion to the homes")
    ] = ENGLAND_ADMISSIONS,
    days: Annotated[int, typer.Option(min=1, help="simulated days")] = 30,
    seed: Annotated[int, typer.Option(help="the simulation's seed")] = 7,
    data_dir: Annotated[
        Path | None, typer.Option(help="keep the stores in this new folder (default: a temp dir)")
    ] = None,
    step_report: Annotated[bool, typer.Option(help="print each day as it finishes")] = False,
    memory_samples: Annotated[
        int, typer.Option(help="retained-memory samples (after setup, then evenly); 0: none")
    ] = 3,
    scales: Annotated[
        str | None, typer.Option(help="e.g. 1,10,100: boroughs per run instead of --homes")
    ] = None,
    profile: Annotated[int, typer.Option(help="cProfile the run: top N cumulative")] = 0,
) -> None:
    if scales:
        _load("before")
        _print_scales([float(s) for s in scales.split(",")], days, seed, memory_samples)
        _load("after")
        return
    per_day = num(admissions) if admissions else "proportional"
    console.print(f"{homes:,} homes, {per_day} admissions/day, {days} days")
    _load("before")

    def show(d: Day) -> None:
        rate = num(d.total / max(d.seconds, 1e-9))
        console.print(f"  {d.label}: {d.total:,} events in {d.seconds:.1f} s ({rate}/s)")

    report = show if step_report else None
    args: dict[str, Any] = dict(
        homes=homes, admissions=admissions or None, days=days, seed=seed, samples=memory_samples
    )
    profiler = cProfile.Profile() if profile else None
    with tempfile.TemporaryDirectory(prefix="carebridge-national-") as tmp:
        folder = data_dir or Path(tmp)
        if profiler:
            profiler.enable()
        run = simulate(data_dir=folder, report=report, **args)
        if profiler:
            profiler.disable()
    _load("after")
    print_run(run, days)
    if profiler:
        console.print("Under cProfile (slower than the figures above would be without it):")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(profile)


if __name__ == "__main__":
    cli()
