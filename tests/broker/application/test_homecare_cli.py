"""The home care reports from a terminal (`carebridge homecare ...`), on the week of
tests/broker/homecare_story.py told into the data folder the commands then read."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from events.platform.settings import Settings
from services.cli import app
from services.runtime import Runtime
from tests.broker.homecare_story import SEFTON, tell


def rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_the_reports_from_the_command_line(
    embedded_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    rt = Runtime(embedded_settings, ("vacancies", "broker"))
    tell(rt)
    rt.close()
    monkeypatch.setenv("CAREBRIDGE_DATA_DIR", str(embedded_settings.data_dir))
    runner = CliRunner()

    def run(*args: str) -> str:
        done = runner.invoke(app, ["homecare", *args], env={"COLUMNS": "250"})
        assert done.exit_code == 0, done.output
        return done.stdout

    board = rows(run("capacity", "--council", SEFTON, "--format", "csv"))
    [north_bed] = [r for r in board if (r["zone"], r["band"]) == ("SEF-NORTH", "bed")]
    assert (north_bed["offered"], north_bed["requested"], north_bed["gap"]) == (
        "3.0",
        "3.5",
        "-0.5",
    )
    unmet = rows(run("unmet", "--format", "csv"))
    assert sorted(float(r["hours"]) for r in unmet) == [5.25, 7, 7]
    on_screen = run("responsiveness", "--provider", "P-2")
    assert "North 2" in on_screen and "no staff for the time band: 1" in on_screen
    [week] = rows(run("sourced-within", "--format", "csv"))
    assert (week["within_24h"], week["within_48h"], week["packages"]) == ("1", "2", "4")
    waiting = {r["days"]: r["people"] for r in rows(run("waiting", "--format", "csv"))}
    assert (waiting["0 days"], waiting["7 to 13 days"]) == ("1", "3")
    refused = runner.invoke(app, ["homecare", "capacity", "--council", "Sefton"])
    assert refused.exit_code != 0
