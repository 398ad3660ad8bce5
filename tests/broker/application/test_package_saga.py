"""The package-hours saga between the broker and the vacancies service, on the embedded
default: an agency's acceptance holds its hours, two brokers racing for the last hours get
one winner, a fall-through or a cancellation frees them, a start takes them up, and the
broker's own agency book sees what the vacancies service published."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import Table, select

from events.bounds.times import UK
from events.platform.settings import Settings
from events.platform.timeutil import utcnow
from services.broker.bootstrap import Broker
from services.broker.projections.package_list import package_offers, packages
from services.runtime import Runtime
from services.vacancies.bootstrap import Vacancies

NOW = datetime.now(UTC).replace(microsecond=0)
SEFTON = "E08000014"


@pytest.fixture
def runtime(embedded_settings: Settings) -> Iterator[Runtime]:
    rt = Runtime(embedded_settings, ("vacancies", "broker"))
    yield rt
    rt.close()


def services(runtime: Runtime) -> tuple[Vacancies, Broker]:
    vac, broker = runtime.services["vacancies"], runtime.services["broker"]
    assert isinstance(vac, Vacancies) and isinstance(broker, Broker)
    return vac, broker


def agency_with(runtime: Runtime, n: int, bed_hours: float, zone: str = "SEF-NORTH") -> uuid.UUID:
    vac, _ = services(runtime)
    agency = vac.app.register_agency(
        occurred_at=NOW - timedelta(days=1), cqc_location_id=f"1-70000{n}", name=f"Agency {n}",
        provider_id=f"P-{n}", council_code=SEFTON, zones=[zone], services=["reablement"],
    )  # fmt: skip
    vac.app.report_capacity(
        agency.id, zone=zone, hours={"morning": 20, "bed": bed_hours},
        available_from=NOW.date(), double_handed=False, reported_at=NOW,
    )  # fmt: skip
    runtime.drain()
    return agency.id


def care(**overrides: Any) -> dict[str, Any]:
    return {
        "calls_a_day": 2, "call_bands": ["morning", "bed"], "minutes_a_call": 30,
        "double_handed": False, "service": "reablement",
        "start_on": NOW.date() + timedelta(days=2), "zone": "SEF-NORTH",
    } | overrides  # fmt: skip


def package_offered_to(runtime: Runtime, agency_id: uuid.UUID) -> uuid.UUID:
    _, broker = services(runtime)
    request_id = uuid.uuid4()
    broker.app.open_package(
        request_id=request_id, council_code=SEFTON, episode_id=None, location="community",
        urgency="urgent", occurred_at=NOW, care=care(),
    )  # fmt: skip
    agency = broker.packages.agency(agency_id, SEFTON)
    broker.app.offer_package(request_id, [("o1", agency)], NOW + timedelta(hours=24), NOW)
    return request_id


def accept(runtime: Runtime, request_id: uuid.UUID) -> uuid.UUID:
    _, broker = services(runtime)
    broker.app.package_command(
        request_id, "answer_offer", offer_id="o1", accept=True, reason=None, occurred_at=NOW
    )
    runtime.drain()
    live = broker.app.package(request_id).live_hold()
    assert live is not None
    return live[0]


def free_bed_hours(runtime: Runtime, agency_id: uuid.UUID) -> float:
    vac, _ = services(runtime)
    return vac.app.agency(agency_id).free_hours("SEF-NORTH", "bed")


def test_the_broker_knows_agencies_only_from_their_published_events(runtime: Runtime) -> None:
    agency_id = agency_with(runtime, 1, bed_hours=7)
    _, broker = services(runtime)
    known = broker.packages.agency(agency_id, SEFTON)
    assert (known.name, known.taking_packages, known.zones) == (
        "Agency 1", True, frozenset({"SEF-NORTH"}),
    )  # fmt: skip


def test_an_agency_accepting_holds_its_hours_and_the_package_is_offered(runtime: Runtime) -> None:
    agency_id = agency_with(runtime, 1, bed_hours=7)
    request_id = package_offered_to(runtime, agency_id)
    accept(runtime, request_id)
    _, broker = services(runtime)
    assert broker.app.package(request_id).stage == "offered"
    assert free_bed_hours(runtime, agency_id) == 3.5
    [found] = [c for c in broker.packages.candidates(request_id) if c.agency_id == str(agency_id)]
    assert found.free_hours["bed"] == 3.5  # the broker's own book less the held hours


def test_two_brokers_racing_for_the_last_hours_get_one_winner(runtime: Runtime) -> None:
    agency_id = agency_with(runtime, 1, bed_hours=5)  # one package's 3.5 bed hours, not two
    first, second = (package_offered_to(runtime, agency_id) for _ in range(2))
    _, broker = services(runtime)
    for request_id in (first, second):  # both accepted before either hold is answered
        broker.app.package_command(
            request_id, "answer_offer", offer_id="o1", accept=True, reason=None, occurred_at=NOW
        )
    runtime.drain()
    stages = sorted(broker.app.package(r).stage for r in (first, second))
    assert stages == ["offered", "sourcing"]
    loser = first if broker.app.package(first).stage == "sourcing" else second
    failed = [e for e in broker.app.history(loser) if type(e).__name__ == "PackageHoursFailed"]
    assert len(failed) == 1 and "bed band" in failed[0].reason  # type: ignore[attr-defined]
    assert free_bed_hours(runtime, agency_id) == 1.5


def test_a_fall_through_releases_the_hours_and_a_start_takes_them_up(runtime: Runtime) -> None:
    agency_id = agency_with(runtime, 1, bed_hours=7)
    request_id = package_offered_to(runtime, agency_id)
    hold_id = accept(runtime, request_id)
    _, broker = services(runtime)
    for method, kw in (("accept_package", {}), ("fall_through", {"reason": "staffing"})):
        broker.app.package_command(request_id, method, hold_id=hold_id, occurred_at=NOW, **kw)
    runtime.drain()
    assert broker.app.package(request_id).stage == "sourcing"
    assert free_bed_hours(runtime, agency_id) == 7
    again = uuid.uuid4()
    agency = broker.packages.agency(agency_id, SEFTON)
    broker.app.package_command(
        request_id, "hold_hours", hold_id=again, agency=agency, occurred_at=NOW
    )
    runtime.drain()
    broker.app.package_command(request_id, "accept_package", hold_id=again, occurred_at=NOW)
    broker.app.package_command(
        request_id, "start", hold_id=again, agency_name="Agency 1", occurred_at=utcnow()
    )
    runtime.drain()
    vac, _ = services(runtime)
    assert broker.app.package(request_id).stage == "started"
    assert vac.app.agency(agency_id).capacity["SEF-NORTH"].hours["bed"] == 3.5  # its work now
    assert free_bed_hours(runtime, agency_id) == 3.5


def test_cancelling_before_the_agency_answers_frees_nothing_twice(runtime: Runtime) -> None:
    agency_id = agency_with(runtime, 1, bed_hours=7)
    request_id = package_offered_to(runtime, agency_id)
    accept(runtime, request_id)
    _, broker = services(runtime)
    broker.app.package_command(request_id, "cancel", reason="no_longer_needed", occurred_at=NOW)
    runtime.drain()
    assert broker.app.package(request_id).stage == "cancelled"
    assert free_bed_hours(runtime, agency_id) == 7


def test_overdue_offers_are_escalated_by_the_sweeper(runtime: Runtime) -> None:
    agency_id = agency_with(runtime, 1, bed_hours=7)
    request_id = package_offered_to(runtime, agency_id)
    _, broker = services(runtime)
    runtime.drain()
    assert broker.escalate_overdue(NOW + timedelta(hours=25)) == 1
    assert broker.app.package(request_id).offers["o1"].status == "escalated"
    assert broker.escalate_overdue(NOW + timedelta(hours=26)) == 0


def test_the_sweeper_lets_go_hours_held_for_a_package_not_started_in_time(
    runtime: Runtime,
) -> None:
    agency_id = agency_with(runtime, 1, bed_hours=7)
    request_id = package_offered_to(runtime, agency_id)  # due to start in two days
    hold_id = accept(runtime, request_id)
    _, broker = services(runtime)
    broker.app.package_command(request_id, "accept_package", hold_id=hold_id, occurred_at=NOW)
    runtime.drain()
    grace = broker.settings.package_hold_grace_days
    due = care()["start_on"]
    last_day = datetime.combine(due + timedelta(days=grace), time(23, 59), tzinfo=UK)
    assert broker.lapse_overdue_holds(last_day) == 0  # UK time: the grace's last day
    assert free_bed_hours(runtime, agency_id) == 3.5
    assert broker.lapse_overdue_holds(last_day + timedelta(minutes=2)) == 1
    runtime.drain()
    request = broker.app.package(request_id)
    assert request.stage == "sourcing" and request.holds[hold_id].status == "fell_through"
    fell = [e for e in broker.app.history(request_id) if type(e).__name__ == "PackageFellThrough"]
    assert fell[0].reason == "not_started"  # type: ignore[attr-defined]
    assert free_bed_hours(runtime, agency_id) == 7  # the agency has its hours back
    assert broker.lapse_overdue_holds(last_day + timedelta(days=5)) == 0


def test_the_package_list_rebuilds_from_the_log_identically(runtime: Runtime) -> None:
    agency_id = agency_with(runtime, 1, bed_hours=7)
    request_id = package_offered_to(runtime, agency_id)
    hold_id = accept(runtime, request_id)
    _, broker = services(runtime)
    broker.app.package_command(request_id, "accept_package", hold_id=hold_id, occurred_at=NOW)
    package_offered_to(runtime, agency_id)
    runtime.drain()
    tables = [packages, package_offers]
    live = rows(broker, tables)
    assert len(live["packages"]) == 2 and live["package_offers"]
    broker.rebuild()
    assert rows(broker, tables) == live


def rows(broker: Broker, tables: list[Table]) -> dict[str, list[tuple[Any, ...]]]:
    with broker.engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t)))) for t in tables}
