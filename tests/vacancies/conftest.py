from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from events.platform.settings import Settings
from services.runtime import Runtime
from services.vacancies.bootstrap import Vacancies

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def home_details(**overrides: Any) -> dict[str, Any]:
    details: dict[str, Any] = dict(
        cqc_location_id="1-100000001",
        name="Rose Lodge",
        provider_id="PROV-1",
        local_authority_code="E08000014",
        local_authority_name="Sefton",
        locality="Southport",
        postcode="PR8 1AA",
        latitude=53.6450,
        longitude=-3.0050,
        registered_beds=40,
        registrations=["nursing", "residential"],
        care_categories=["dementia", "older_people"],
        specialisms=["dementia_nursing"],
    )
    details.update(overrides)
    return details


@pytest.fixture
def runtime(embedded_settings: Settings) -> Iterator[Runtime]:
    rt = Runtime(embedded_settings, ("vacancies",))
    yield rt
    rt.close()


@pytest.fixture
def vacancies(runtime: Runtime) -> Vacancies:
    service = runtime.services["vacancies"]
    assert isinstance(service, Vacancies)
    return service


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(runtime.http_app()) as c:
        yield c
