"""Personal data at rest: the demo's data folder holds no NHS number in plain text and no file
another user of the machine can read; production will not start without a key."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from events.platform.settings import Settings
from services.runtime import Runtime
from services.simulation.clock import history_end
from services.simulation.simulation import Config, Simulation

WEEK = Config(seed=3, days=5, homes=6, admissions_per_day=15, end=history_end(date(2026, 3, 1)))


def test_a_demo_folder_holds_no_plain_nhs_number_and_nothing_others_can_read(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "demo"
    settings = Settings(_env_file=None, data_dir=folder)  # type: ignore[call-arg]  # no key given
    sim = Simulation(Runtime(settings), WEEK)
    sim.run()
    patients = stored_nhs_numbers(sim.runtime)
    sim.runtime.close()
    assert patients, "the demo's patients have NHS numbers"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert files and [p for p in files if stat.S_IMODE(p.stat().st_mode) & 0o077] == []
    for path in files:
        data = path.read_bytes()
        forms = {form.encode() for n in patients for form in (n, n.replace(" ", ""))}
        assert [f for f in forms if f in data] == [], path.name


def stored_nhs_numbers(runtime: Runtime) -> list[str]:
    """The NHS numbers the discharge store holds, read through the service (decrypted)."""
    app = runtime.services["discharge"].app
    notes = app.outbox.select_notifications(1, 100_000)  # type: ignore[attr-defined]
    ids = {n.originator_id for n in notes if n.originator_version == 1}
    return [n for n in (app.episode(i).nhs_number for i in ids) if n]  # type: ignore[attr-defined]


def test_an_existing_plain_store_is_read_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "discharge-events.sqlite").touch()  # written before stores were encrypted
    settings = Settings(_env_file=None, data_dir=folder)  # type: ignore[call-arg]
    assert settings.store_key is None and not (folder / "cipher-key").exists()


def test_production_refuses_to_start_without_a_cipher_key() -> None:
    with pytest.raises(ValidationError, match="CAREBRIDGE_CIPHER_KEY must be set"):
        Settings(  # type: ignore[call-arg]
            _env_file=None, postgres_url="postgresql://x/y", jwt_secret="s" * 40
        )
