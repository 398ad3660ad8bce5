"""The discharge event store holds no readable patient data: with the key configured, and on
the embedded default, which makes a key of its own in a fresh data folder."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from eventsourcing.cipher import AESCipher

from events.delivery.inprocess import InProcessBus
from events.platform.settings import Settings
from services.discharge.bootstrap import bootstrap

NHS_NUMBER = "9434765919"


def stored_bytes(data_dir: Path, key: str | None) -> bytes:
    settings = Settings(_env_file=None, data_dir=data_dir, cipher_key=key)  # type: ignore[call-arg]
    svc = bootstrap(settings, InProcessBus())
    episode, _ = svc.app.admit(
        reference="ward7-0001",
        provider_code="RTG",
        provider_name="Derby",
        site="",
        ward="Ward 7",
        care_type="acute",
        la_code="E06000015",
        la_name="Derby",
        nhs_number=NHS_NUMBER,
        occurred_at=datetime(2026, 11, 1, 9, tzinfo=UTC),
    )
    assert svc.app.episode(episode.id).nhs_number == NHS_NUMBER  # the service can read it
    svc.close()
    with sqlite3.connect(data_dir / "discharge-events.sqlite") as conn:
        return b"".join(bytes(r[0]) for r in conn.execute("SELECT state FROM stored_events"))


def test_the_nhs_number_is_unreadable_in_an_encrypted_store(tmp_path: Path) -> None:
    assert NHS_NUMBER.encode() not in stored_bytes(tmp_path / "secret", AESCipher.create_key(32))
    assert NHS_NUMBER.encode() not in stored_bytes(tmp_path / "default", None)
    assert (tmp_path / "default" / "cipher-key").exists()
