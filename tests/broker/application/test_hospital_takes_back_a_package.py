"""A patient ready to go home with a package of care (P1), and the hospital's feed: an
admission cancelled (A11) cancels the package request, and a stay whose council the feed could
not tell gets its package request only once the team completes the council."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient

from services.broker.domain.package_request import package_id_for_episode
from services.runtime import Runtime
from tests.broker.application.hospital_feed import COUNCIL, NOW, Hospital, broker_of


def ready_to_go_home(hospital: Hospital, days_ago: float) -> None:
    """The ward team marks the patient ready on pathway 1 (home with support)."""
    episode = hospital.episode_id()
    hospital.discharge.app.mark_ready(
        episode, pathway="P1", occurred_at=NOW - timedelta(days=days_ago)
    )
    hospital.runtime.drain()


def test_an_admission_cancelled_cancels_the_package_request(runtime: Runtime) -> None:
    hospital = Hospital(runtime)
    hospital.admit(NOW - timedelta(days=3))
    ready_to_go_home(hospital, 1)
    broker = broker_of(runtime)
    package_id = package_id_for_episode(hospital.episode_id())
    assert broker.app.package(package_id).stage == "needs_details"

    hospital.send("A11", NOW - timedelta(hours=1))  # the admission was recorded in error

    request = broker.app.package(package_id)
    assert (request.stage, request.cancel_reason) == ("cancelled", "admission_cancelled")


Headers = Callable[[str, str], dict[str, str]]


def test_a_package_request_waits_for_the_council_the_team_completes(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    hospital = Hospital(runtime, council="")  # an address without its council's code
    hospital.admit(NOW - timedelta(days=3))
    ready_to_go_home(hospital, 1)
    broker = broker_of(runtime)
    package_id = package_id_for_episode(hospital.episode_id())
    assert broker.app.find_package(package_id) is None  # no council would see it

    done = client.post(
        f"/discharge/episodes/{hospital.episode_id()}/residence",
        json={"la_code": COUNCIL},
        headers=auth("discharge", "RVY"),
    )
    assert done.status_code == 200, done.text
    runtime.drain()

    request = broker.app.package(package_id)
    assert (request.council_code, request.stage) == (COUNCIL, "needs_details")
