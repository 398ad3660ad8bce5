"""`carebridge serve` sets what it made to start outside the garbage collector's full passes
before it answers (docs/performance.md, benchmark 12: each full pass over it stopped every
request for 90-180 ms under load)."""

from __future__ import annotations

import gc
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from events.platform.settings import Settings
from services.cli import app


def test_serve_freezes_its_startup_heap_before_it_answers(
    embedded_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREBRIDGE_DATA_DIR", str(embedded_settings.data_dir))
    if embedded_settings.cipher_key is not None:
        monkeypatch.setenv("CAREBRIDGE_CIPHER_KEY", embedded_settings.cipher_key.get_secret_value())
    seen: dict[str, Any] = {}

    def run(http: Any, **options: Any) -> None:
        seen["frozen"] = gc.get_freeze_count()
        seen["routes"] = {getattr(r, "path", "") for r in http.routes}

    monkeypatch.setattr(uvicorn, "run", run)
    try:
        done = CliRunner().invoke(app, ["serve", "--port", "8999"])
    finally:
        gc.unfreeze()  # the rest of the suite's process as it was
    assert done.exit_code == 0, done.output
    assert seen["frozen"] > 0
    assert "/health" in seen["routes"]  # the app it serves, built before the freeze
