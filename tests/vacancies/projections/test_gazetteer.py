"""Homes may share a postcode: the gazetteer keeps each home's own report of where its
postcodes lie, and a postcode is where the latest report of any home puts it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.vacancies.bootstrap import Vacancies
from services.vacancies.projections.search import resolve_postcode
from tests.vacancies.conftest import NOW, home_details


def _where(vacancies: Vacancies, postcode: str) -> tuple[float, float]:
    vacancies.index.catch_up()
    with vacancies.engine.connect() as conn:
        return resolve_postcode(conn, postcode)


def test_the_latest_report_of_any_home_places_a_postcode(vacancies: Vacancies) -> None:
    app = vacancies.app
    first = app.register_home(occurred_at=NOW, **home_details(latitude=53.0, longitude=-3.0))
    assert _where(vacancies, "pr8 1aa") == (53.0, -3.0)
    app.register_home(
        occurred_at=NOW,
        **home_details(cqc_location_id="1-2", name="Next Door", latitude=53.1, longitude=-3.1),
    )
    assert _where(vacancies, "PR8 1AA") == (53.1, -3.1)
    # The first home says where the postcode is again; then it moves away: the postcode
    # stays where its report put it.
    later = NOW + timedelta(days=1)
    app.change_details(first.id, occurred_at=later, latitude=53.2, longitude=-3.2)
    app.change_details(
        first.id, occurred_at=later, postcode="PR8 1AA", latitude=53.3, longitude=-3.3
    )
    app.change_details(
        first.id, occurred_at=later, postcode="PR8 2BB", latitude=53.5, longitude=-3.5
    )
    assert _where(vacancies, "PR8 1AA") == (53.3, -3.3)
    # A district's centre counts each postcode once, where it now lies.
    assert _where(vacancies, "PR8 9ZZ") == pytest.approx((53.4, -3.4))
