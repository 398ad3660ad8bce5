"""The benches' verdicts on the targets of issue 19 (bench/targets.py): a figure on the right
side of its bound meets it, on the wrong side does not, and none is 'not measured'."""

from __future__ import annotations

import math

from rich.console import Console

from bench.common import Result
from bench.targets import TARGETS, Figure, Target, figures_of, table, verdict

RATIO = Target("ratio", 0.5, True, "", "python -m bench")
LATENCY = Target("latency", 50, False, "ms", "python -m bench")


def test_a_figure_above_or_below_its_bound() -> None:
    assert verdict(RATIO, Figure(0.53, "13")) == "met"
    assert verdict(RATIO, Figure(0.5, "13")) == "met"  # at least
    assert verdict(RATIO, Figure(0.39, "7")) == "not met"
    assert verdict(LATENCY, Figure(49, "8")) == "met"
    assert verdict(LATENCY, Figure(50, "8")) == "not met"  # strictly below
    assert verdict(LATENCY, Figure(215, "8")) == "not met"


def test_no_figure_is_not_measured() -> None:
    assert verdict(RATIO, None) == "not measured"
    assert verdict(LATENCY, Figure(math.nan, "8")) == "not measured"


def test_part_of_the_work_can_only_show_a_target_missed() -> None:
    """Fewer days, or a smaller month: the whole could only be worse."""
    assert verdict(LATENCY, Figure(12, "4 at 5,000 episodes", partial=True)) == "not measured"
    assert verdict(LATENCY, Figure(61, "10, 3 days projected", partial=True)) == "not met"
    assert verdict(RATIO, Figure(0.4, "fewer clients", partial=True)) == "not met"


def test_results_name_their_targets_and_the_table_shows_every_one() -> None:
    ratio = Result("1 command throughput", "SQLite", "5 episodes", 1, 4, "commands/s", "",
                   target="commands-sqlite")  # fmt: skip
    ms = Result("4 DTOC return by LA", "SQLite", "2 months", 100, 50, "days/s", "",
                target="dtoc", figure=49.0)  # fmt: skip
    plain = Result("3 vacancy search p50", "SQLite", "", 1, 1, "queries/s", "")
    found = figures_of([ratio, ms, plain])
    assert found == {
        "commands-sqlite": Figure(0.25, "1 command throughput, 5 episodes"),
        "dtoc": Figure(49.0, "4 DTOC return by LA, 2 months"),
    }
    console = Console(width=250, record=True)
    console.print(table(found))
    out = console.export_text()
    assert "Targets (issue 19)" in out
    assert out.count("not measured") == len(TARGETS) - 2
    assert "python -m bench.burst" in out  # how to measure what this run did not
