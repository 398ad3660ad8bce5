"""`Runtime.drain` on Kafka (the CLI, the simulation, tests): once it returns, every event
has gone round the three services, with no waiting loop in the caller. A P1 patient ready
on the ward: the broker opens the package request, the council records the care, and the
ward's episode carries reason E, each seen straight after one drain."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from events.platform.settings import Settings
from services.broker.bootstrap import Broker
from services.broker.domain.package_request import package_id_for_episode
from services.discharge.bootstrap import Discharge
from services.runtime import Runtime
from tests.e2e.journey import COUNCIL, TRUST

pytestmark = pytest.mark.integration


@pytest.fixture
def runtime(production_settings: Settings) -> Iterator[Runtime]:
    rt = Runtime(production_settings)  # not started: drain moves everything
    yield rt
    rt.close()


def test_one_drain_takes_every_event_round_the_services(runtime: Runtime) -> None:
    discharge, broker = runtime.services["discharge"], runtime.services["broker"]
    assert isinstance(discharge, Discharge) and isinstance(broker, Broker)
    admitted = datetime.now(UTC) - timedelta(days=3)
    episode, _ = discharge.app.admit(
        reference="RVY-DRAIN-1", provider_code=TRUST, provider_name="Southport", site="",
        ward="Ward 9", care_type="acute", la_code=COUNCIL, la_name="Sefton", nhs_number=None,
        occurred_at=admitted,
    )  # fmt: skip
    discharge.app.mark_ready(episode.id, pathway="P1", occurred_at=admitted + timedelta(days=1))
    runtime.drain()
    request_id = package_id_for_episode(episode.id)
    assert broker.app.package(request_id).stage == "needs_details"

    care = {
        "calls_a_day": 2, "call_bands": ["morning", "bed"], "minutes_a_call": 30,
        "double_handed": False, "service": "reablement", "zone": "SEF-NORTH",
        "start_on": date.today() + timedelta(days=1),
    }  # fmt: skip
    broker.app.package_command(
        request_id, "record_needs", care=care, urgency="urgent", occurred_at=datetime.now(UTC)
    )
    runtime.drain()
    codes = [b.code for b in discharge.app.episode(episode.id).blockers.values()]
    assert codes == ["E"]
