from __future__ import annotations

from collections.abc import Iterator

import pytest

from events.platform.settings import Settings
from services.discharge.bootstrap import Discharge
from services.runtime import Runtime


@pytest.fixture
def runtime(embedded_settings: Settings) -> Iterator[Runtime]:
    rt = Runtime(embedded_settings, ("discharge",))
    yield rt
    rt.close()


@pytest.fixture
def discharge(runtime: Runtime) -> Discharge:
    service = runtime.services["discharge"]
    assert isinstance(service, Discharge)
    return service
