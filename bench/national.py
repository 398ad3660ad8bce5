"""A national simulation: the synthetic borough (services/simulation) at England's size for a
simulated month, through the services' commands. Embedded by default (SQLite stores, the
in-process bus); with `--postgres-url URL --kafka-bootstrap HOST:PORT` (or
CAREBRIDGE_BENCH_POSTGRES_URL / CAREBRIDGE_BENCH_KAFKA_BOOTSTRAP) on production settings: a
throwaway database and topics, the cipher on, and while it runs a thread making DTOC returns
and vacancy searches and, once, `carebridge rebuild discharge` as its own process.

Prints simulated days per second, the events the three services recorded per second (day by
day, so the sustained rate and its trend show), the wall time, each process's peak RSS, the
memory each service's objects retain at a few points, the read models' sizes at the end and
the targets of issue 19 it measures. `--scales 1,10,100` instead runs 1, 10 and 100 boroughs
(131 homes each, embedded), each in a fresh process, for the table of how rate and memory
grow. Nothing is asserted.
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
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, timedelta
from multiprocessing import get_context
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlalchemy import create_engine, func, inspect, select, table, text

from bench import targets
from bench.common import embedded_settings, percentile, production
from bench.during import Reads, Rebuild
from bench.exchange import KafkaExchange
from bench.memory import MB, memory, peak_rss_mb, rss_mb
from bench.report import console, num
from events.platform.settings import Settings
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
EMBEDDED = "embedded (SQLite, in-process bus)"
PRODUCTION = "PostgreSQL + Kafka, cipher on"
# The simulation's home care market is one council's ten agencies, their hours in proportion
# to the admissions: above about 1,250 admissions a day they report no more than the 2,000
# hours a week a report may say, whatever they have. Off by default here, as the month in
# docs/performance.md was measured before it existed.
HOME_CARE_LIMIT = 1_250
THIS_PROCESS = "the simulation and the three services (this process)"
# why the services share the simulation's process on production settings too
ONE_PROCESS = (
    "The three services run in the simulation's process: the simulation calls their "
    "applications directly. As `carebridge serve` processes it would drive them over HTTP "
    "(services/simulation/remote), whose stand-ins drive no home care and, after every broker "
    "command, wait until each service's /metrics shows it quiet."
)


@dataclass
class Day:
    label: str
    seconds: float
    events: dict[str, int]  # recorded by each service's store during the step
    rss_mb: float
    cpu: float  # this process's CPU seconds: steadier than wall time on a shared machine
    load: float = 0.0  # the machine's 1-minute load average at the step's end

    @property
    def total(self) -> int:
        return sum(self.events.values())


@dataclass
class Run:
    homes: int
    admissions: float
    setup: Day  # building the borough and registering its homes, before day 1
    backend: str = EMBEDDED
    home_care: bool = False
    days: list[Day] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    processes: dict[str, float] = field(default_factory=dict)  # process -> peak RSS MB
    retained: dict[str, dict[str, float]] = field(default_factory=dict)  # when -> owner -> MB
    rows: dict[str, dict[str, int]] = field(default_factory=dict)  # service -> table -> rows
    files_mb: dict[str, float] = field(default_factory=dict)
    exchanges: int = 0  # the simulation's drains (production)
    reads: dict[str, list[float]] = field(default_factory=dict)  # what -> seconds each
    found: list[int] = field(default_factory=list)  # homes in each search's answer
    read_errors: list[str] = field(default_factory=list)
    rebuild: Rebuild | None = None

    @property
    def wall(self) -> float:
        return self.setup.seconds + sum(d.seconds for d in self.days)

    def rate(self, days: list[Day]) -> float:
        """Events per second over these days (the setup's bulk registration left out)."""
        return sum(d.total for d in days) / max(sum(d.seconds for d in days), 1e-9)

    def cpu_rate(self) -> float:
        return sum(d.total for d in self.days) / max(sum(d.cpu for d in self.days), 1e-9)

    def month_minutes(self) -> tuple[float, bool]:
        """Minutes for the setup and 30 days: measured, or (when fewer days ran) projected
        from their mean day, which can only be too low (days slow as placements fill)."""
        days = [d.seconds for d in self.days[:30]]
        if len(days) == 30:
            return (self.setup.seconds + sum(days)) / 60, False
        return (self.setup.seconds + 30 * sum(days) / max(len(days), 1)) / 60, True


def _services(sim: Simulation) -> dict[str, Vacancies | Discharge | Broker]:
    return {"vacancies": sim.vacancies, "discharge": sim.discharge, "broker": sim.broker}


def _recorded(sim: Simulation) -> dict[str, int]:
    """Events in each service's store so far: its notification log's highest id."""
    stores = {n: s.app.recorder for n, s in _services(sim).items()}
    return {n: recorder.max_notification_id() or 0 for n, recorder in stores.items()}


def _read_models(sim: Simulation) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for name, service in _services(sim).items():
        schema = f"{name}_views" if service.settings.postgres_url else None  # readmodels.py
        with service.engine.connect() as conn:
            out[name] = {
                t: conn.execute(
                    select(func.count()).select_from(table(t, schema=schema))
                ).scalar_one()
                for t in sorted(inspect(conn).get_table_names(schema=schema))
            }
    return out


def _store_sizes(settings: Settings) -> dict[str, float]:
    """MB of the SQLite files, or of the PostgreSQL database."""
    if not settings.postgres_url:
        files = sorted(settings.data_dir.glob("*.sqlite*"))
        return {p.name: p.stat().st_size / MB for p in files}
    url = settings.postgres_url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    finally:
        engine.dispose()
    return {"PostgreSQL database": size / MB}


def simulate(
    homes: int,
    admissions: float | None,
    days: int,
    seed: int,
    data_dir: Path,
    samples: int = 3,
    report: Callable[[Day], None] | None = None,
    settings: Settings | None = None,
    reads_every: float = 0.0,
    home_care: bool = False,
) -> Run:
    """Run the borough day by day (the services drain at each midnight, so each day's events
    are counted with its own wall time); retained memory is sampled after the setup and at
    `samples - 1` evenly spaced days (0: never: the traversal pauses the run). `settings`:
    the stores and bus (default: embedded in `data_dir`); on Kafka the simulation drains
    through `KafkaExchange`. `reads_every` > 0: make `Reads` that often while it runs.
    `home_care`: the council's home care market too (capped above HOME_CARE_LIMIT)."""
    logging.getLogger().setLevel(logging.WARNING)  # as `carebridge simulate`: not every event
    logging.getLogger("services.discharge.policies").setLevel(logging.ERROR)
    started, cpu, rss0 = time.perf_counter(), time.process_time(), rss_mb()
    settings = settings or embedded_settings(data_dir)
    runtime = Runtime(settings)
    exchange = KafkaExchange(runtime) if settings.kafka_bootstrap else None
    reads: Reads | None = None
    try:
        config = Config(seed=seed, days=days, homes=homes, admissions_per_day=admissions,
                        home_care=home_care)  # fmt: skip
        sim = Simulation(exchange or runtime, config)
        sim.open()
        sim.sync()  # the homes' registrations reach the read models and the broker
        cpu, used = time.process_time(), time.process_time() - cpu
        setup = Day("setup", time.perf_counter() - started, _recorded(sim), rss_mb() - rss0, used,
                    os.getloadavg()[0])  # fmt: skip
        backend = PRODUCTION if settings.postgres_url and exchange else EMBEDDED
        run = Run(homes, config.daily_admissions, setup, backend, home_care)
        if samples > 0:
            run.retained["after setup"] = memory(sim, runtime)
        if reads_every > 0:
            log = data_dir / "rebuild.log"
            reads = Reads(sim, settings, reads_every, log, Rebuild(days // 2), seed)
            reads.start()
        at = {days * k // (samples - 1) for k in range(1, samples)} if samples > 1 else set()
        before = setup.events
        for n in range(days):
            day: date = sim.first_day + timedelta(days=n)
            started, cpu = time.perf_counter(), time.process_time()
            sim.run_until(uk_time(day + timedelta(days=1), 0))
            seconds, now = time.perf_counter() - started, _recorded(sim)
            events = {s: now[s] - before[s] for s in SERVICES}
            step = Day(f"{day}", seconds, events, rss_mb(), time.process_time() - cpu,
                       os.getloadavg()[0])  # fmt: skip
            run.days.append(step)
            before = now
            if reads:
                reads.days_done = n + 1
            if report:
                report(step)
            if n + 1 in at:
                run.retained[f"after day {n + 1}"] = memory(sim, runtime)
        if reads:
            reads.stop()  # waits for the rebuild, if it still runs
            run.reads, run.found, run.read_errors = reads.timings, reads.found, reads.errors
            run.rebuild = reads.rebuild
        run.peak_rss_mb = peak_rss_mb()
        run.processes[THIS_PROCESS] = run.peak_rss_mb
        if run.rebuild and run.rebuild.exit_code is not None:
            run.processes["carebridge rebuild discharge"] = run.rebuild.peak_rss_mb
            if run.rebuild.workers_mb:
                run.processes["its largest forked worker"] = run.rebuild.workers_mb
        run.exchanges = exchange.exchanges if exchange else 0
        run.rows = _read_models(sim)
    finally:
        if reads:
            reads.stop()
        if exchange:
            exchange.close()
        runtime.close()
    run.files_mb = _store_sizes(settings)
    return run


def _load(when: str) -> None:
    """Others' work on the same cores slows the wall-clock figures (not the CPU ones)."""
    one, five, _ = os.getloadavg()
    console.print(f"[dim]load average {when}: {one:.2f} (1 min), {five:.2f} (5 min); "
                  f"{os.cpu_count()} CPUs[/dim]")  # fmt: skip


def print_run(run: Run, days: int) -> None:
    per_day = Table(title=f"Events recorded per simulated day (all three stores; {run.backend})")
    for name in ("Day", *SERVICES, "Total", "Wall s", "CPU s", "Events/s", "RSS MB", "Load"):
        per_day.add_column(name, justify="left" if name == "Day" else "right")
    for d in (run.setup, *run.days):
        counts = [f"{d.events[s]:,}" for s in SERVICES]
        rate = num(d.total / max(d.seconds, 1e-9))
        per_day.add_row(d.label, *counts, f"{d.total:,}", f"{d.seconds:.1f}", f"{d.cpu:.1f}", rate,
                        f"{d.rss_mb:,.0f}", f"{d.load:.1f}")  # fmt: skip
    console.print(per_day)
    third = max(1, len(run.days) // 3)
    day_seconds = sum(d.seconds for d in run.days)
    minutes, projected = run.month_minutes()
    summary = Table(
        title=f"National simulation: {run.homes:,} homes, {days} days, "
        f"{'with' if run.home_care else 'without'} home care, {run.backend}",
        show_header=False,
    )
    summary.add_column("what")
    summary.add_column("value", justify="right")
    for what, value in (
        ("admissions with a ready date per day", num(run.admissions)),
        ("wall time: setup + days", f"{run.setup.seconds:,.1f} + {day_seconds:,.1f} s"),
        ("wall time in all", f"{run.wall:,.1f} s"),
        ("a month (setup + 30 days)" + (", projected from the mean day" if projected else ""),
         f"{minutes:,.1f} min"),
        ("simulated days per second", f"{days / max(day_seconds, 1e-9):.3g}"),
        ("events recorded (setup + days)", f"{run.setup.total + sum(d.total for d in run.days):,}"),
        ("events/s sustained over the days", num(run.rate(run.days))),
        (f"events/s, first {third} / last {third} days", f"{num(run.rate(run.days[:third]))} / "
         f"{num(run.rate(run.days[-third:]))}"),
        ("events per CPU-second of this process", num(run.cpu_rate())),
        *((f"peak RSS: {name}", f"{mb:,.0f} MB") for name, mb in run.processes.items()),
        *((("drains of the simulation (each until every group is caught up)",
            f"{run.exchanges:,}"),) if run.exchanges else ()),
    ):  # fmt: skip
        summary.add_row(what, value)
    console.print(summary)
    if run.backend != EMBEDDED:
        console.print(f"[dim]{ONE_PROCESS}[/dim]")
    _print_reads(run)
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
    stores = ", ".join(f"{name} {mb:,.1f}" for name, mb in run.files_mb.items())
    console.print(f"Stores (MB): {stores}")


def _print_reads(run: Run) -> None:
    """What the reads made during the run took, and the rebuild."""
    if not run.reads and not run.rebuild:
        return
    out = Table(title="Made while the simulation ran (ms)")
    for name in ("What", "Count", "p50", "p99", "Max"):
        out.add_column(name, justify="left" if name == "What" else "right")
    for what, seconds in run.reads.items():
        if seconds:
            ms = [percentile(seconds, p) * 1000 for p in (50, 99, 100)]
            out.add_row(what, f"{len(seconds):,}", *(f"{x:,.1f}" for x in ms))
    console.print(out)
    if run.found:
        console.print(f"  homes in a search's answer: mean {sum(run.found) / len(run.found):,.0f}, "
                      f"max {max(run.found):,}")  # fmt: skip
    for error in run.read_errors[:5]:
        console.print(f"  [red]read failed: {error}[/red]")
    if len(run.read_errors) > 5:
        console.print(f"  [red]... {len(run.read_errors)} reads failed in all[/red]")
    r = run.rebuild
    if r is None:
        return
    if not r.began:
        console.print("  carebridge rebuild discharge: not started (the run ended first)")
        return
    console.print(
        f"  carebridge rebuild discharge, its own process, started when {r.after_day} day(s) "
        f"were done: {r.seconds:,.1f} s with its start-up, exit {r.exit_code}, peak RSS "
        f"{r.peak_rss_mb:,.0f} MB (its largest worker {r.workers_mb:,.0f} MB); it said: {r.said}"
    )


def figures(run: Run, days: int) -> dict[str, targets.Figure]:
    """The run's figures for the targets of issue 19 (bench/targets.py)."""
    minutes, projected = run.month_minutes()
    national = run.homes >= ENGLAND_HOMES and run.admissions >= ENGLAND_ADMISSIONS
    partial = projected or not national
    size = f"{run.homes:,} homes, {num(run.admissions)} admissions a day, {days} days"
    how = "projected from the mean day" if projected else "measured"
    key = "national-embedded" if run.backend == EMBEDDED else "national-production"
    worst = max(run.processes.items(), key=lambda p: p[1], default=("", 0.0))
    return {
        key: targets.Figure(minutes, f"10, {size}: {how}", partial),
        "peak-memory": targets.Figure(
            worst[1], f"10, {size}: {worst[0]}", days < 30 or not national
        ),
    }


def in_own_process(homes: int, admissions: float, days: int, seed: int, data_dir: Path) -> Run:
    """`simulate` embedded in a fresh (spawned) process, so its peak RSS is the run's own."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(simulate, homes, admissions, days, seed, data_dir).result()


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
    postgres_url: Annotated[
        str | None,
        typer.Option(
            envvar="CAREBRIDGE_BENCH_POSTGRES_URL",
            help="with --kafka-bootstrap: production settings, on a throwaway database there",
        ),
    ] = None,
    kafka_bootstrap: Annotated[
        str | None,
        typer.Option(
            envvar="CAREBRIDGE_BENCH_KAFKA_BOOTSTRAP",
            help="with --postgres-url: production settings, on topics of this run",
        ),
    ] = None,
    home_care: Annotated[
        bool,
        typer.Option(
            help=f"the council's home care market too (above about {HOME_CARE_LIMIT:,} "
            "admissions a day its agencies report the most a report may say)"
        ),
    ] = False,
    reads_every: Annotated[
        float,
        typer.Option(
            help="on production settings: seconds between rounds of reads (a DTOC return and "
            "5 searches; a rebuild once, half way); 0: none"
        ),
    ] = 5.0,
) -> None:
    if (postgres_url is None) != (kafka_bootstrap is None):
        raise typer.BadParameter("give --postgres-url and --kafka-bootstrap together")
    if scales:
        _load("before")
        _print_scales([float(s) for s in scales.split(",")], days, seed, memory_samples)
        _load("after")
        return
    per_day = num(admissions) if admissions else "proportional"
    backend = PRODUCTION if postgres_url else EMBEDDED
    care = "with" if home_care else "without"
    console.print(f"{homes:,} homes, {per_day} admissions/day, {days} days, {care} home care; "
                  f"{backend}")  # fmt: skip
    _load("before")

    def show(d: Day) -> None:
        rate = num(d.total / max(d.seconds, 1e-9))
        console.print(f"  {d.label}: {d.total:,} events in {d.seconds:.1f} s ({rate}/s)")

    report = show if step_report else None
    args: dict[str, Any] = dict(
        homes=homes, admissions=admissions or None, days=days, seed=seed, samples=memory_samples,
        home_care=home_care,
    )  # fmt: skip
    profiler = cProfile.Profile() if profile else None
    with tempfile.TemporaryDirectory(prefix="carebridge-national-") as tmp, ExitStack() as stack:
        folder = data_dir or Path(tmp)
        if postgres_url and kafka_bootstrap:
            settings = stack.enter_context(production(postgres_url, kafka_bootstrap, folder))
            args |= dict(settings=settings, reads_every=reads_every)
        if profiler:
            profiler.enable()
        run = simulate(data_dir=folder, report=report, **args)
        if profiler:
            profiler.disable()
    _load("after")
    print_run(run, days)
    console.print(targets.table(figures(run, days), list(figures(run, days))))
    if profiler:
        console.print("Under cProfile (slower than the figures above would be without it):")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(profile)


if __name__ == "__main__":
    cli()
