"""Liveness, readiness and metrics on the embedded default."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from events.platform.settings import Settings
from services.runtime import Runtime
from tests.conftest import Headers
from tests.e2e.journey import register_homes


@pytest.fixture
def client(embedded_settings: Settings) -> Iterator[tuple[Runtime, TestClient]]:
    rt = Runtime(embedded_settings)
    with TestClient(rt.http_app()) as c:
        yield rt, c
    rt.close()


def test_ready_and_metrics_show_the_outbox_and_projections(
    client: tuple[Runtime, TestClient], auth: Headers
) -> None:
    runtime, http = client
    assert http.get("/health").json() == {"status": "ok"}
    register_homes(http, auth, count=2)
    ready = http.get("/ready")
    assert ready.status_code == 200 and set(ready.json()) == {"vacancies", "discharge", "broker"}
    text = http.get("/metrics").text
    assert (
        'carebridge_log_position{service="vacancies"} 4.0' in text
    )  # 2 homes registered, 2 reports
    assert 'carebridge_outbox_backlog{service="vacancies"} 4.0' in text  # nothing relayed yet
    runtime.drain()
    text = http.get("/metrics").text
    assert 'carebridge_outbox_backlog{service="vacancies"} 0.0' in text
    assert (
        'carebridge_projection_position{projection="care-home-index",service="vacancies"} 4.0'
        in text
    )
