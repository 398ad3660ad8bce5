"""A smoke test of benchmark 9 at a tiny size: every own-log projection of every service is
found, rebuilt over the whole log, and reported beside read-and-decode. No timing asserted."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bench.common import embedded_settings, in_turns, spread
from bench.rebuilds import cli, projection_rebuilds, rebuild_each
from services.runtime import Runtime


def test_every_projection_of_a_services_own_log_is_rebuilt_and_reported(tmp_path: Path) -> None:
    results = projection_rebuilds(embedded_settings(tmp_path), boroughs=0.2, days=4, seed=3)
    assert [r.name for r in results] == [
        "9 rebuild vacancies: care-home-index",
        "9 rebuild vacancies: agency-index",
        "9 rebuild discharge: episode-facts",
        "9 rebuild broker: waiting-list",
    ]
    assert all(int(r.size.split()[0].replace(",", "")) > 0 for r in results)
    assert all(r.ours > 0 and r.engine > 0 and r.backend == "SQLite" for r in results)


def test_the_stores_a_run_kept_are_rebuilt_from_their_folder(tmp_path: Path) -> None:
    first = projection_rebuilds(embedded_settings(tmp_path), boroughs=0.2, days=2, seed=5)
    runtime = Runtime(embedded_settings(tmp_path))
    try:
        again = rebuild_each(runtime, "kept")
    finally:
        runtime.close()
    # the same logs, read again from the folder: the same projections and event counts
    assert [(r.name, r.size.split()[0]) for r in again] == [
        (r.name, r.size.split()[0]) for r in first
    ]
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output


def test_a_ratios_two_sides_are_timed_in_turns_every_round() -> None:
    calls: list[str] = []
    (base, base_seconds), (ours, our_seconds) = in_turns(
        lambda: calls.append("baseline") or len(calls),
        lambda: calls.append("ours") or len(calls),
        rounds=3,
    )
    assert calls == ["baseline", "ours"] * 3
    assert (base, ours) == (5, 6)  # each side's last result
    assert len(base_seconds) == len(our_seconds) == 3
    assert spread([3.0, 1.0, 2.0]) == "2.00 s (1.00-3.00)"
