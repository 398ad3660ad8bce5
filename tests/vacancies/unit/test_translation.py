"""Every CareHome event is published, and its payload keeps the business time."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from eventsourcing.domain import Aggregate

from events import topics
from events.contracts import vacancies as v
from services.vacancies.domain.care_home import CareHome
from services.vacancies.translation import AGENCY_PUBLISHED, PUBLISHED, to_integration
from tests.vacancies.conftest import home_details
from tests.vacancies.unit.test_home_care_agency import agency, report

T = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_every_care_home_event_has_a_published_contract() -> None:
    domain_events = {
        f"CareHome.{name}"
        for name, cls in vars(CareHome).items()
        if isinstance(cls, type)
        and issubclass(cls, Aggregate.Event)
        and name not in {"Event", "Created"}
    }
    assert domain_events == set(PUBLISHED)


def test_a_reservation_travels_with_its_business_time_and_home_key() -> None:
    home = CareHome.register(occurred_at=T - timedelta(days=1), **home_details())
    home.report_vacancies(free_beds={"nursing-dementia": 1}, reported_at=T - timedelta(hours=2))
    rid = uuid.uuid4()
    home.reserve_bed(
        reservation_id=rid,
        bed_type="nursing-dementia",
        reference="req-1",
        reserved_by="E08000014",
        now=T,
        expires_at=T + timedelta(days=3),
    )
    *_, reserved = home.collect_events()
    [(topic, envelope)] = to_integration(reserved)
    assert topic == "carebridge.vacancies.care-homes"
    assert envelope.aggregate_id == home.id and envelope.aggregate_version == 3
    assert envelope.occurred_at == T
    assert v.BedReserved.model_validate(envelope.payload).reservation_id == rid


def test_every_agency_event_has_a_published_contract_on_the_agencies_topic() -> None:
    assert (
        {f"HomeCareAgency.{n}" for n in ("Registered", "CapacityReported")}
        | {f"HomeCareAgency.Placements{n}" for n in ("Suspended", "Resumed")}
        | {f"HomeCareAgency.Hours{n}" for n in ("Held", "Refused", "Released", "TakenUp")}
    ) == set(AGENCY_PUBLISHED)
    made = agency()
    report(made)
    made.suspend_placements(reason="other", note="", occurred_at=T)
    published = [to_integration(e) for e in made.collect_events()]
    assert [topic for [(topic, _)] in published] == [topics.AGENCIES] * 3
    [(_, reported)] = published[1]
    assert reported.aggregate_id == made.id and reported.event_type.endswith("CapacityReported")
