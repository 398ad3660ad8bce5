from __future__ import annotations

import pytest

from services.runtime import Runtime
from services.vacancies.bootstrap import Vacancies


@pytest.fixture
def vacancies(runtime: Runtime) -> Vacancies:
    service = runtime.services["vacancies"]
    assert isinstance(service, Vacancies)
    return service
