"""How the suite reports: its progress, the figures table and the notes under it."""

from __future__ import annotations

import sys
import time

from rich.console import Console
from rich.table import Table

from bench.common import Result

console = Console(width=None if sys.stdout.isatty() else 120)


def table(results: list[Result]) -> Table:
    out = Table(title="Carebridge benchmarks (rates: higher is better)")
    for name in ("Benchmark", "Backend", "Size", "Ours", "Engine alone", "Ratio"):
        right = name in ("Ours", "Engine alone", "Ratio")
        out.add_column(name, justify="right" if right else "left", overflow="fold")
    for r in results:
        ours, engine = f"{num(r.ours)} {r.unit}", f"{num(r.engine)} {r.unit}"
        ratio = f"{r.ratio:.2f}" if r.ratio >= 0.1 else f"{r.ratio:.2g}"
        out.add_row(r.name, r.backend, r.size, ours, engine, ratio)
    return out


def num(x: float) -> str:
    """Thousands separators, and three significant figures below 100."""
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def details(results: list[Result]) -> None:
    console.print("What the engine alone did, and notes:")
    for r in results:
        note = f" [dim]({r.note})[/dim]" if r.note else ""
        console.print(f"  {r.name} ({r.backend}): {r.engine_work}{note}")


def stage(title: str) -> float:
    console.print(f"[bold]{title}[/bold] ...")
    return time.perf_counter()


def done(started: float, results: list[Result]) -> list[Result]:
    console.print(f"  done in {time.perf_counter() - started:.1f} s")
    return results
