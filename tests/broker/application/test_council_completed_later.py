"""A patient the hospital feed admitted without their council of residence becomes ready for
a care home: no council's broker can take the request yet, so it waits; the moment the ward
team completes the council, that council's waiting list has it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient

from services.runtime import Runtime
from tests.broker.application.hospital_feed import COUNCIL, NOW, Hospital, broker_of

Headers = Callable[[str, str], dict[str, str]]


def test_the_request_waits_for_the_council_and_opens_for_it(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    hospital = Hospital(runtime, council="")
    hospital.admit(NOW - timedelta(days=3))
    hospital.ready_for_a_care_home(NOW - timedelta(days=1))
    broker = broker_of(runtime)
    assert broker.app.find(hospital.request_id()) is None  # no council to give it to
    sefton = auth("broker", COUNCIL)
    assert client.get("/broker/waiting-list", headers=sefton).json() == []

    team = auth("discharge", "RVY")
    done = client.post(
        f"/discharge/episodes/{hospital.episode_id()}/residence",
        json={"la_code": COUNCIL},
        headers=team,
    )
    assert done.status_code == 200, done.text
    runtime.drain()

    request = broker.app.request(hospital.request_id())
    assert (request.council_code, request.stage) == (COUNCIL, "needs_details")
    [waiting] = client.get("/broker/waiting-list", headers=sefton).json()
    assert waiting["episode_id"] == str(hospital.episode_id())

    # the council corrected again later: the request is Sefton's, opened once
    again = client.post(
        f"/discharge/episodes/{hospital.episode_id()}/residence",
        json={"la_code": "E08000012"},
        headers=team,
    )
    assert again.status_code == 200
    runtime.drain()
    assert broker.app.request(hospital.request_id()).version == request.version


def test_a_stay_not_ready_for_a_care_home_opens_nothing_when_completed(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    hospital = Hospital(runtime, council="")
    hospital.admit(NOW - timedelta(days=3))
    done = client.post(
        f"/discharge/episodes/{hospital.episode_id()}/residence",
        json={"la_code": COUNCIL},
        headers=auth("discharge", "RVY"),
    )
    assert done.status_code == 200
    runtime.drain()
    assert broker_of(runtime).app.find(hospital.request_id()) is None
