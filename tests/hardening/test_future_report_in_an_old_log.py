"""A report dated 2199 that an older version accepted is in the log for ever: it must not
lock the home out of reporting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from events.platform.errors import InvalidInput
from events.platform.timeutil import utcnow
from services.vacancies.bootstrap import Vacancies
from tests.vacancies.conftest import NOW, home_details


def test_a_report_dated_2199_in_an_old_log_does_not_stop_honest_reports(
    vacancies: Vacancies,
) -> None:
    home_id = vacancies.app.register_home(occurred_at=NOW, **home_details()).id
    home = vacancies.app.home(home_id)
    typo = datetime(2199, 1, 1, tzinfo=UTC)
    home.report_vacancies(free_beds={"nursing-dementia": 3}, reported_at=typo)  # no clock: old
    vacancies.app.save(home)

    now = utcnow()
    vacancies.app.report_vacancies(home_id, free_beds={"nursing-dementia": 1}, reported_at=now)
    assert vacancies.app.home(home_id).free_beds == {"nursing-dementia": 1}


def test_a_report_from_the_future_is_refused_by_the_home_itself(vacancies: Vacancies) -> None:
    home_id = vacancies.app.register_home(occurred_at=NOW, **home_details()).id
    with pytest.raises(InvalidInput, match="future"):
        vacancies.app.report_vacancies(
            home_id, free_beds={"nursing-dementia": 1}, reported_at=utcnow() + timedelta(hours=1)
        )


def test_an_older_report_is_still_stale_against_a_real_newer_one(vacancies: Vacancies) -> None:
    home_id = vacancies.app.register_home(occurred_at=NOW, **home_details()).id
    vacancies.app.report_vacancies(home_id, free_beds={"nursing-dementia": 1}, reported_at=NOW)
    with pytest.raises(Exception, match="newer report"):
        vacancies.app.report_vacancies(
            home_id, free_beds={"nursing-dementia": 2}, reported_at=NOW - timedelta(hours=1)
        )
