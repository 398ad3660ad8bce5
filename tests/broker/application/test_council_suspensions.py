"""The broker's availability index follows each council's suspension of its own placements
(vacancies.PlacementsSuspended v2), and a version 1 suspension (the whole home) as before."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from events.contracts import vacancies as v
from events.delivery.messages import Delivery
from events.platform.settings import Settings
from events.serialisation import build, decode, encode
from events.topics import CARE_HOMES
from services.broker.bootstrap import Broker
from services.broker.projections import queries
from services.runtime import Runtime
from services.vacancies.bootstrap import Vacancies
from tests.vacancies.conftest import home_details

NOW = datetime.now(UTC).replace(microsecond=0)
SEFTON, LIVERPOOL = "E08000014", "E08000012"


@pytest.fixture
def runtime(embedded_settings: Settings) -> Iterator[Runtime]:
    rt = Runtime(embedded_settings, ("vacancies", "broker"))
    yield rt
    rt.close()


def setup(runtime: Runtime) -> tuple[Vacancies, Broker, uuid.UUID]:
    vac, broker = runtime.services["vacancies"], runtime.services["broker"]
    assert isinstance(vac, Vacancies) and isinstance(broker, Broker)
    home = vac.app.register_home(occurred_at=NOW - timedelta(days=1), **home_details())
    vac.app.report_vacancies(home.id, free_beds={"nursing-dementia": 2}, reported_at=NOW)
    runtime.drain()
    return vac, broker, home.id


def candidates_for(broker: Broker, council: str | None) -> list[uuid.UUID]:
    with broker.engine.connect() as conn:
        found = queries.candidates(conn, "nursing-dementia", None, NOW, council)
    return [c.home_id for c in found]


def taking(broker: Broker, home: uuid.UUID) -> dict[str | None, bool]:
    return {c: broker.home(home, c).taking_placements for c in (SEFTON, LIVERPOOL, None)}


def test_a_councils_suspension_keeps_only_its_own_requests_away(runtime: Runtime) -> None:
    vac, broker, home = setup(runtime)
    vac.app.suspend_placements(
        home, reason="safeguarding", note="", occurred_at=NOW, council_code=LIVERPOOL
    )
    runtime.drain()
    assert taking(broker, home) == {SEFTON: True, LIVERPOOL: False, None: True}
    assert candidates_for(broker, LIVERPOOL) == [] and candidates_for(broker, SEFTON) == [home]
    vac.app.suspend_placements(home, reason="other", note="", occurred_at=NOW)  # every council
    runtime.drain()
    assert taking(broker, home) == {SEFTON: False, LIVERPOOL: False, None: False}
    vac.app.resume_placements(home, note="", occurred_at=NOW)
    runtime.drain()
    assert taking(broker, home) == {SEFTON: True, LIVERPOOL: False, None: True}
    vac.app.resume_placements(home, note="", occurred_at=NOW, council_code=LIVERPOOL)
    runtime.drain()
    assert candidates_for(broker, LIVERPOOL) == [home]


def test_a_version_1_suspension_in_the_topic_stops_every_council(runtime: Runtime) -> None:
    """A message published before councils were named: the host council's whole-home one."""
    _, broker, home = setup(runtime)
    envelope = build(
        v.PlacementsSuspendedV1(reason="safeguarding"),
        source="vacancies",
        aggregate_id=home,
        aggregate_version=99,
        occurred_at=NOW,
        recorded_at=NOW,
    )
    message = decode(encode(envelope))  # as the consumer reads it: upcast to version 2
    assert isinstance(message.payload, v.PlacementsSuspended)
    assert message.payload.council_code is None
    broker.foreign.handle(Delivery(CARE_HOMES, 0, 10_000, 10_000, message))
    assert taking(broker, home) == {SEFTON: False, LIVERPOOL: False, None: False}
