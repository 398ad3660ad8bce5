"""On PostgreSQL, too, the DTOC, DRD and PoCD returns served from the maintained census equal
the ones recomputed from the facts, cell by cell, on every fixture month, and a rebuild (COPY
from several processes) leaves the same census rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.platform.settings import Settings
from services.discharge.bootstrap import bootstrap
from tests.discharge.census_history import (
    LA_ROWS,
    MONTHS,
    neighbours,
    second_dtoc_reasons,
    still_delayed,
)
from tests.discharge.census_parity import census_rows, differences
from tests.discharge.rebuild_parity import record_history


@pytest.mark.integration
def test_the_census_returns_on_postgres_equal_the_recomputation(
    production_settings: Settings, tmp_path: Path
) -> None:
    svc = bootstrap(production_settings, None)
    try:
        record_history(svc, tmp_path, authorities=len(LA_ROWS))
        second_dtoc_reasons(svc)
        still_delayed(svc)
        svc.facts.batch_size = 97
        months = sorted({m for month in MONTHS for m in neighbours(month)})
        assert differences(svc, months) == []
        live = census_rows(svc)
        assert len(live["episode_census"]) > 500
        svc.facts.rebuild(workers=2)
        assert census_rows(svc) == live
    finally:
        svc.close()
