"""`carebridge feed rejected` lists what the listener refused; `carebridge feed hl7` runs the
listener alone, from a mapping file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from events.platform.settings import Settings
from services.cli import app
from services.discharge.feed.mapping import load
from tests.discharge.feed.conftest import Client, fixture, msa
from tests.served import free_port


def test_refused_messages_are_listed_with_their_reason(
    client: Client, embedded_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.send(fixture("uclh/CancelTransfer/04_A12.txt"))
    monkeypatch.setenv("CAREBRIDGE_DATA_DIR", str(embedded_settings.data_dir))
    result = CliRunner().invoke(app, ["feed", "rejected", "--format", "json"])
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)
    assert (row["trust"], row["control_id"], row["event"], row["ack"]) == (
        "RRV",
        "31644",
        "A12",
        "AE",
    )
    assert row["field"] == "PV1-19"


def test_a_mapping_file_changes_where_the_ward_is(tmp_path: Path) -> None:
    path = tmp_path / "rcb.toml"
    path.write_text('[hl7]\nward = "PV1-3.2"\nsite = "PV1-3.1"\nready_at = "ZU1-4"\n')
    mapping = load(path)
    assert (str(mapping.ward), str(mapping.site), str(mapping.ready_at)) == (
        "PV1-3.2",
        "PV1-3.1",
        "ZU1-4",
    )
    path.write_text('[hl7]\nwards = "PV1-3.2"\n')
    with pytest.raises(ValueError, match="wards"):
        load(path)


def test_feed_hl7_runs_the_listener_as_its_own_process(
    embedded_settings: Settings, tmp_path: Path
) -> None:
    unused_port = free_port()
    mapping = tmp_path / "rcb.toml"
    mapping.write_text('[hl7]\nward = "PV1-3.2"\nsite = "PV1-3.1"\n')
    env = {**os.environ, "CAREBRIDGE_DATA_DIR": str(embedded_settings.data_dir)}
    command = [sys.executable, "-m", "services.cli", "feed", "hl7", "--trust", "RCB"]
    command += ["--port", str(unused_port), "--host", "127.0.0.1", "--config", str(mapping)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        client = _connect(unused_port)
        assert msa(client.send(fixture("itk/A01_example.txt"))) == ("AA", "1391320453338055")
        client.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


def _connect(port: int) -> Client:
    deadline = time.monotonic() + 20
    while True:
        try:
            return Client(port)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_starts_the_listener_beside_the_http_services(embedded_settings: Settings) -> None:
    http_port, hl7_port = free_port(), free_port()
    env = {**os.environ, "CAREBRIDGE_DATA_DIR": str(embedded_settings.data_dir)}
    command = [sys.executable, "-m", "services.cli", "serve", "discharge", "--host", "127.0.0.1"]
    command += ["--port", str(http_port), "--hl7-port", str(hl7_port), "--hl7-trust", "RRV"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        client = _connect(hl7_port)
        assert msa(client.send(fixture("itk/A01_example.txt")))[0] == "AA"
        client.close()
        metrics = _get(f"http://127.0.0.1:{http_port}/metrics")
        assert 'carebridge_hl7_messages{ack="AA",event="A01",trust="RRV"} 1.0' in metrics
    finally:
        process.terminate()
        process.wait(timeout=15)


def _get(url: str) -> str:
    import httpx

    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.get(url, timeout=10).text
        except httpx.ConnectError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
