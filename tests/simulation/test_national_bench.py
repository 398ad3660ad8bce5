"""A smoke test of the national simulation benchmark at a tiny size: it runs, counts the
events each service recorded day by day, and prints its tables. No timing is asserted."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bench.national import OWNERS, cli, simulate


def test_a_tiny_national_run_counts_each_days_events(tmp_path: Path) -> None:
    run = simulate(homes=6, admissions=8, days=2, seed=3, data_dir=tmp_path, samples=2)
    assert run.setup.events["vacancies"] >= 6  # every home registered
    assert len(run.days) == 2 and all(d.total > 0 for d in run.days)
    assert run.days[-1].events["discharge"] > 0
    assert set(run.retained) == {"after setup", "after day 2"}
    assert all(run.retained["after day 2"][owner] > 0 for owner in OWNERS)
    assert run.rows["vacancies"]["care_homes"] == 6
    assert run.rows["discharge"]["episodes"] > 0
    assert run.peak_rss_mb > 0 and any(name.endswith("events.sqlite") for name in run.files_mb)


def test_the_command_prints_its_tables() -> None:
    args = ["--homes", "5", "--admissions", "6", "--days", "1", "--memory-samples", "0"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "events/s sustained" in result.output and "Read models at the end" in result.output
