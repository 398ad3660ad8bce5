"""A vacancies command repeated because its answer was lost (the service was killed after
saving, before replying) records nothing the second time, and undoes nothing done since."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from events.platform.auth import Role, issue_token
from events.platform.errors import Conflict
from services.vacancies.bootstrap import Vacancies
from tests.vacancies.application.test_care_homes import HOLD, register
from tests.vacancies.conftest import NOW, home_details


def test_the_same_registration_again_is_the_same_home(vacancies: Vacancies) -> None:
    home = register(vacancies)
    again = vacancies.app.register_home(occurred_at=NOW, **home_details())
    assert again.id == home and again.version == 1
    with pytest.raises(Conflict, match="already registered"):
        register(vacancies, name="Someone Else's Home")


def test_the_same_rating_again_records_nothing(vacancies: Vacancies) -> None:
    home = register(vacancies)
    rated = {"rating": "good", "rated_on": "2026-10-01", "occurred_at": NOW}
    version = vacancies.app.change_rating(home, **rated).version
    assert vacancies.app.change_rating(home, **rated).version == version
    assert vacancies.app.change_rating(home, **{**rated, "rating": "outstanding"}).version > version


def test_the_same_report_again_keeps_the_bed_held_since(vacancies: Vacancies) -> None:
    home = register(vacancies)
    report = {"free_beds": {"nursing-dementia": 2}, "reported_at": NOW}
    vacancies.app.report_vacancies(home, **report)
    later = NOW + timedelta(hours=1)
    held = vacancies.app.reserve_bed(
        home,
        reservation_id=uuid.uuid4(),
        bed_type="nursing-dementia",
        reference="R-1",
        reserved_by="E08000014",
        now=later,
        hold=HOLD,
    )
    version = held.version
    after = vacancies.app.report_vacancies(home, **report)  # the retry
    assert after.version == version
    assert after.available_beds(later)["nursing-dementia"] == 1
    newer = vacancies.app.report_vacancies(
        home, free_beds={"nursing-dementia": 2}, reported_at=later
    )
    assert newer.version == version + 1  # a new report with a new time still counts


def test_a_homes_available_beds_as_at_a_time(vacancies: Vacancies, client: TestClient) -> None:
    home = register(vacancies)
    vacancies.app.report_vacancies(home, free_beds={"nursing-dementia": 2}, reported_at=NOW)
    vacancies.app.reserve_bed(
        home,
        reservation_id=uuid.uuid4(),
        bed_type="nursing-dementia",
        reference="R-1",
        reserved_by="E08000014",
        now=NOW,
        hold=HOLD,
    )
    token = issue_token(vacancies.settings.signing_secret, role=Role.ADMIN, organisation="ops")
    auth = {"Authorization": f"Bearer {token}"}
    during = (NOW + timedelta(hours=1)).isoformat()
    after = (NOW + HOLD + timedelta(hours=1)).isoformat()
    seen = client.get(f"/vacancies/homes/{home}", params={"at": during}, headers=auth).json()
    assert seen["available_beds"]["nursing-dementia"] == 1
    seen = client.get(f"/vacancies/homes/{home}", params={"at": after}, headers=auth).json()
    assert seen["available_beds"]["nursing-dementia"] == 2
