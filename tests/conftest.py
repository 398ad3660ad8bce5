"""Fixtures shared by every test room."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from events.platform.auth import Role, issue_token
from events.platform.settings import Settings
from services.runtime import Runtime

Headers = Callable[[str, str], dict[str, str]]


@pytest.fixture
def embedded_settings(tmp_path: Path) -> Settings:
    """The embedded default in a fresh data folder; the cipher is on when the suite runs
    with CAREBRIDGE_TEST_CIPHER_KEY set (the encrypted-store run in CI)."""
    cipher = os.environ.get("CAREBRIDGE_TEST_CIPHER_KEY")
    return Settings(_env_file=None, data_dir=tmp_path / "data", cipher_key=cipher)  # type: ignore[call-arg]


@pytest.fixture(autouse=True)
def _no_ambient_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A developer's own CAREBRIDGE_* variables must not leak into unit and application tests."""
    for key in list(os.environ):
        if key.startswith("CAREBRIDGE_") and not key.startswith("CAREBRIDGE_TEST_"):
            monkeypatch.delenv(key)
    yield


@pytest.fixture
def auth(embedded_settings: Settings) -> Headers:
    """Bearer-token headers for a role and organisation, signed as the service expects."""

    def headers(role: str, org: str) -> dict[str, str]:
        token = issue_token(embedded_settings.signing_secret, role=Role(role), organisation=org)
        return {"Authorization": f"Bearer {token}"}

    return headers


@pytest.fixture
def runtime(embedded_settings: Settings) -> Iterator[Runtime]:
    """The three services in one process on the embedded default (a test room may narrow it)."""
    rt = Runtime(embedded_settings)
    yield rt
    rt.close()


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(runtime.http_app()) as c:
        yield c
