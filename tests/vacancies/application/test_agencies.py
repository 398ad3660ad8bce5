"""Home care agencies in the vacancies application (SQLite): registered once per CQC location
for zones of the shipped reference data, capacity reported and confirmed, suspended by a
council, and every event published on the agencies' topic."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from events import topics
from events.platform.errors import Conflict, InvalidInput, NotFound
from services.runtime import Runtime
from services.vacancies.bootstrap import Vacancies
from services.vacancies.translation import Translator
from tests.vacancies.conftest import home_details

NOW = datetime.now(UTC).replace(microsecond=0)
SEFTON = "E08000014"


def agency_details(**overrides: Any) -> dict[str, Any]:
    details: dict[str, Any] = dict(
        cqc_location_id="1-300000001",
        name="Coastline Care",
        provider_id="PROV-1",
        council_code=SEFTON,
        zones=["SEF-NORTH", "SEF-SOUTH"],
        services=["reablement"],
    )
    details.update(overrides)
    return details


def test_an_agency_is_registered_once_for_the_zones_its_council_has(vacancies: Vacancies) -> None:
    app = vacancies.app
    made = app.register_agency(occurred_at=NOW, **agency_details())
    assert app.register_agency(occurred_at=NOW, **agency_details()).id == made.id  # a retry
    with pytest.raises(Conflict, match="already registered"):
        app.register_agency(occurred_at=NOW, **agency_details(name="Other"))
    with pytest.raises(InvalidInput) as refused:
        app.register_agency(occurred_at=NOW, **agency_details(cqc_location_id="1-3", zones=["X"]))
    assert refused.value.field == "zones.0" and "SEF-NORTH" in str(refused.value)
    with pytest.raises(InvalidInput):  # a council without zones in the reference data
        app.register_agency(
            occurred_at=NOW, **agency_details(cqc_location_id="1-4", council_code="E06000015")
        )
    assert app.agency(made.id).zones == ["SEF-NORTH", "SEF-SOUTH"]


def test_a_care_home_is_no_agency_and_an_agency_is_no_care_home(vacancies: Vacancies) -> None:
    app = vacancies.app
    home = app.register_home(occurred_at=NOW, **home_details())
    agency = app.register_agency(occurred_at=NOW, **agency_details())
    with pytest.raises(NotFound):
        app.agency(home.id)
    with pytest.raises(NotFound):
        app.home(agency.id)


def test_capacity_is_reported_confirmed_and_published_on_the_agencies_topic(
    runtime: Runtime, vacancies: Vacancies
) -> None:
    app = vacancies.app
    agency = app.register_agency(occurred_at=NOW - timedelta(days=2), **agency_details())
    app.report_capacity(
        agency.id,
        zone="SEF-NORTH",
        hours={"morning": 14, "tea": 7},
        available_from=date.today(),
        double_handed=False,
        reported_at=NOW - timedelta(days=1),
    )
    app.confirm_capacity(agency.id, confirmed_at=NOW)
    again = app.agency(agency.id)
    assert again.capacity["SEF-NORTH"].reported_at == NOW and again.version == 3
    app.suspend_agency(
        agency.id, reason="safeguarding", note="", occurred_at=NOW, council_code=SEFTON
    )
    app.resume_agency(agency.id, note="", occurred_at=NOW, council_code=SEFTON)
    translate = Translator(app.mapper)
    published = [
        (topic, env.event_type)
        for note in app.outbox.select_notifications(1, 100)
        for topic, env in translate(note)
    ]
    assert published == [
        (topics.AGENCIES, "vacancies.AgencyRegistered"),
        (topics.AGENCIES, "vacancies.AgencyCapacityReported"),
        (topics.AGENCIES, "vacancies.AgencyCapacityReported"),
        (topics.AGENCIES, "vacancies.AgencyPlacementsSuspended"),
        (topics.AGENCIES, "vacancies.AgencyPlacementsResumed"),
    ]
    heard: list[Any] = []
    runtime.bus.subscribe(topics.AGENCIES, heard.append)
    vacancies.relay.run_until_idle()
    assert len(heard) == 5
