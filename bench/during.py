"""Reads made while the national simulation runs, as its users and operators would make them:
a thread in the simulation's process asks for a DTOC return by LA for the month so far (to
the simulation's clock) and a few vacancy searches near a home of the market every few
seconds; once, when enough days are done, `carebridge rebuild discharge` rebuilds the
discharge read models beside the live ones as its own process (`python -m bench.during
discharge`: the command, then that process's peak RSS and its workers')."""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from bench.cluster import env_of
from bench.common import timed
from bench.memory import peak_rss_mb
from events.platform.settings import Settings
from services.discharge.domain.calendar import local_date
from services.simulation import Simulation
from services.vacancies.projections.search import SearchCriteria

SEARCHES = 5  # a round's searches, each near a random home of the market
DTOC, SEARCH = "DTOC return by LA, month so far", "vacancy search within 5 km"
PEAK = "peak RSS MB, the process and its largest worker:"


@dataclass
class Rebuild:
    after_day: int
    began: float = 0.0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    workers_mb: float = 0.0  # the largest of the processes it forked to share the replay
    exit_code: int | None = None
    said: str = ""  # its last line: how many stored events it replayed


@dataclass
class Reads:
    """Start with `start()`; tell it the days done (`days_done`); `stop()` waits for the
    rebuild when it is still running."""

    sim: Simulation
    settings: Settings
    every: float
    log: Path
    rebuild: Rebuild
    seed: int = 7
    days_done: int = 0
    timings: dict[str, list[float]] = field(default_factory=lambda: {DTOC: [], SEARCH: []})
    found: list[int] = field(default_factory=list)  # homes in each search's answer
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-reads", daemon=True)
        self._rng = random.Random(self.seed)
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        if self._stop.is_set():
            return
        self._stop.set()
        self._thread.join()
        if self._proc is not None:
            self._reap(block=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self._round()
            except Exception as exc:  # reported, not raised: the run goes on
                self.errors.append(f"{type(exc).__name__}: {exc}"[:300])
            if self._proc is None and not self.rebuild.began:
                if self.days_done >= self.rebuild.after_day:
                    self._start_rebuild()
            elif self._proc is not None:
                self._reap(block=False)

    def _round(self) -> None:
        now, sim = self.sim.now, self.sim
        month = f"{local_date(now):%Y-%m}"
        _, seconds = timed(partial(sim.discharge.dtoc, month, "la", now=now))
        self.timings[DTOC].append(seconds)
        for _ in range(SEARCHES):
            home = self._rng.choice(sim.market.homes).spec
            criteria = SearchCriteria(
                now=now,
                max_report_age_hours=48,
                registration=self._rng.choice(home.registrations),
                care_category=self._rng.choice(home.care_categories),
                latitude=home.latitude,
                longitude=home.longitude,
                within_km=5,
            )
            matches, seconds = timed(partial(sim.vacancies.search, criteria))
            self.timings[SEARCH].append(seconds)
            self.found.append(len(matches))

    def _start_rebuild(self) -> None:
        cmd = [sys.executable, "-m", "bench.during", "discharge"]
        with self.log.open("wb") as out:
            self._proc = subprocess.Popen(
                cmd, env=env_of(self.settings), stdout=out, stderr=subprocess.STDOUT
            )
        self.rebuild.began = time.perf_counter()

    def _reap(self, block: bool) -> None:
        """Its exit, wall time, what it said and its peak RSS."""
        assert self._proc is not None
        if (self._proc.wait() if block else self._proc.poll()) is None:
            return
        self.rebuild.exit_code = self._proc.returncode
        self.rebuild.seconds = time.perf_counter() - self.rebuild.began
        lines = self.log.read_text(errors="replace").strip().splitlines()
        said = [line for line in lines if line.startswith("rebuilt")] or lines[-1:]
        self.rebuild.said = said[-1] if said else ""
        for line in lines:
            if line.startswith(PEAK):
                self.rebuild.peak_rss_mb, self.rebuild.workers_mb = map(float, line.split()[-2:])
        self._proc = None


def rebuild_here(service: str) -> None:
    """`carebridge rebuild SERVICE` in this process, then its peak RSS and its workers'."""
    from services.cli import app

    try:
        app(["rebuild", service], standalone_mode=False)
    finally:
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB
        print(f"{PEAK} {peak_rss_mb():.1f} {workers:.1f}", flush=True)


if __name__ == "__main__":
    rebuild_here(sys.argv[1])
