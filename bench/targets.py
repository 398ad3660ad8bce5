"""The targets of issue 19 ("Speed under real load") and where a run's figures stand against
them: each bench prints this table last. A figure is judged, not asserted: nothing fails."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rich.table import Table

from bench.common import Result
from bench.report import num

PG_KAFKA = "--postgres-url URL --kafka-bootstrap HOST:PORT"


@dataclass(frozen=True)
class Target:
    what: str
    bound: float
    at_least: bool  # met when the figure is >= bound; otherwise when it is < bound
    unit: str  # "" for a ratio
    command: str  # what measures it

    @property
    def says(self) -> str:
        return f"{'>=' if self.at_least else '<'} {self.bound:g}{self.unit and ' ' + self.unit}"


@dataclass(frozen=True)
class Figure:
    """A run's figure for one target. `partial`: the run did part of what the target names
    (fewer days, a smaller month), and the whole could only be worse: then a figure that
    misses the bound shows the target not met, and one that meets it shows nothing."""

    value: float
    source: str
    partial: bool = False


TARGETS: dict[str, Target] = {
    "consumer": Target("Kafka consumer / a bare kafka-python consumer", 0.5, True, "",
                       f"python -m bench --only-kafka {PG_KAFKA}"),
    "commands-sqlite": Target("Commands / the bare append rate, SQLite", 0.7, True, "",
                              "python -m bench"),
    "commands-postgres": Target("Commands / the bare append rate, PostgreSQL", 0.7, True, "",
                                "python -m bench --postgres-url URL"),
    "http-commands": Target("HTTP commands, 8 clients / in process", 0.5, True, "",
                            f"python -m bench.burst {PG_KAFKA}"),
    "dtoc": Target("DTOC return by LA, a whole England month, a call", 200, False, "ms",
                   "python -m bench --episodes 50000 --homes 200"),
    "e2e-matches": Target("End to end p99, vacancies -> broker's matches", 50, False, "ms",
                          f"python -m bench --only-kafka {PG_KAFKA}"),
    "e2e-waiting": Target("End to end p99, ready (P3) -> waiting list", 50, False, "ms",
                          f"python -m bench --only-kafka {PG_KAFKA}"),
    "load-errors": Target("Load, 50 users: errors", 1, False, "errors", "python -m bench.load"),
    "load-reads": Target("Load, 50 users: worst p99 of a read", 100, False, "ms",
                         "python -m bench.load"),
    "load-commands": Target("Load, 50 users: worst p99 of a command", 250, False, "ms",
                            "python -m bench.load"),
    "national-embedded": Target("National month, embedded", 30, False, "min",
                                "python -m bench.national --days 30"),
    "national-production": Target("National month, PostgreSQL + Kafka", 30, False, "min",
                                  f"python -m bench.national --days 30 {PG_KAFKA}"),
    "peak-memory": Target("Each process's peak RSS", 500, False, "MB",
                          "python -m bench.national [--days 30]"),
}  # fmt: skip


def verdict(target: Target, figure: Figure | None) -> str:
    """'met', 'not met' or 'not measured'."""
    if figure is None or math.isnan(figure.value):
        return "not measured"
    met = figure.value >= target.bound if target.at_least else figure.value < target.bound
    if met and figure.partial:
        return "not measured"
    return "met" if met else "not met"


def figures_of(results: Iterable[Result]) -> dict[str, Figure]:
    """The figures of the results that name a target (the last, if two name one)."""
    return {
        r.target: Figure(
            r.ratio if r.figure is None else r.figure, f"{r.name}, {r.size}", r.partial
        )
        for r in results
        if r.target
    }


def table(figures: Mapping[str, Figure], keys: Iterable[str] | None = None) -> Table:
    """The targets (`keys`: these only; default all), each with this run's figure and verdict,
    or the command that measures it."""
    out = Table(title="Targets (issue 19)")
    for name in ("Target", "Bound", "This run", "Status", "Figure from / measured by"):
        out.add_column(name, justify="right" if name == "This run" else "left", overflow="fold")
    for key in TARGETS if keys is None else keys:
        target, figure = TARGETS[key], figures.get(key)
        status = verdict(target, figure)
        if figure is None:
            out.add_row(target.what, target.says, "-", status, target.command)
            continue
        value = f"{figure.value:.2f}" if target.unit == "" else num(figure.value)
        worse = ("<= " if target.at_least else ">= ") if figure.partial else ""
        value = f"{worse}{value}{target.unit and ' ' + target.unit}"
        source = figure.source + (f"; the whole: {target.command}" if figure.partial else "")
        colour = {"met": "green", "not met": "red"}.get(status, "yellow")
        out.add_row(target.what, target.says, value, f"[{colour}]{status}[/{colour}]", source)
    return out
