"""The broker's commands from a terminal, as a broker on the embedded default uses them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from events.platform.settings import Settings
from services.cli import app


def test_open_refer_and_cancel_from_the_command_line(
    embedded_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CAREBRIDGE_DATA_DIR", str(embedded_settings.data_dir))
    runner = CliRunner()
    opened = runner.invoke(
        app,
        ["broker", "open", "--council", "E08000014", "--registration", "nursing",
         "--care-category", "dementia", "--funding", "council", "--locality", "Bootle"],
    )  # fmt: skip
    assert opened.exit_code == 0, opened.output
    request_id, _, stage = opened.stdout.strip().partition(" v1: ")
    assert stage == "seeking"
    listed = runner.invoke(app, ["broker", "waiting-list", "--format", "csv"])
    assert request_id in listed.stdout and "referrals to homes with a suitable bed" in listed.stdout
    unknown = runner.invoke(
        app, ["broker", "refer", request_id, "00000000-0000-0000-0000-000000000001"]
    )
    assert unknown.exit_code == 1 and "no care home" in unknown.output
    assert runner.invoke(app, ["broker", "cancel", request_id, "went_home"]).exit_code == 0
    again = runner.invoke(app, ["broker", "cancel", request_id, "died"])
    assert again.exit_code == 1 and "cancelled" in again.output
    assert "nothing to show" in runner.invoke(app, ["broker", "waiting-list"]).stdout
