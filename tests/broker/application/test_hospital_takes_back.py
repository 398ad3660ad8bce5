"""When the hospital takes back what it told us, the broker's request for that patient
follows: an admission cancelled (A11) closes the request and frees the bed held for it; a
death cancelled (A13) gives the person their request back; a discharge home cancelled
changes nothing, as the discharge closed nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient

from services.runtime import Runtime
from tests.broker.application.hospital_feed import (
    COUNCIL,
    NOW,
    Hospital,
    broker_of,
    free_nursing_dementia_beds,
    hold_a_bed,
    one_bed_home,
    record_needs,
)

Headers = Callable[[str, str], dict[str, str]]


def events_of(runtime: Runtime, hospital: Hospital) -> list[str]:
    return [type(e).__name__ for e in broker_of(runtime).app.history(hospital.request_id())]


def test_an_admission_cancelled_closes_the_request_and_frees_the_held_bed(
    runtime: Runtime,
) -> None:
    home = one_bed_home(runtime)
    hospital = Hospital(runtime)
    hospital.admit(NOW - timedelta(days=3))
    hospital.ready_for_a_care_home(NOW - timedelta(days=1))
    record_needs(runtime, hospital.request_id())
    hold_a_bed(runtime, hospital.request_id(), home)
    broker = broker_of(runtime)
    assert broker.app.request(hospital.request_id()).stage == "offered"
    assert free_nursing_dementia_beds(runtime, home) == 0  # held for the person

    hospital.send("A11", NOW - timedelta(hours=1))  # the admission was recorded in error

    request = broker.app.request(hospital.request_id())
    assert (request.stage, request.cancel_reason) == ("cancelled", "admission_cancelled")
    assert free_nursing_dementia_beds(runtime, home) == 1  # the home has its bed back

    # the same reference admitted for real, and ready for a care home again
    hospital.admit(NOW - timedelta(minutes=50))
    assert broker.app.request(hospital.request_id()).stage == "cancelled"  # not ready yet
    hospital.ready_for_a_care_home(NOW - timedelta(minutes=40))
    request = broker.app.request(hospital.request_id())
    assert request.stage == "seeking"  # the needs recorded stand; nothing is held
    assert events_of(runtime, hospital)[-2:] == ["PlacementCancelled", "PlacementReopened"]


def test_a_death_recorded_in_error_gives_the_person_their_request_back(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    hospital = Hospital(runtime)
    hospital.admit(NOW - timedelta(days=3))
    hospital.ready_for_a_care_home(NOW - timedelta(days=1))
    broker = broker_of(runtime)
    council = auth("broker", COUNCIL)

    hospital.send("A03", NOW - timedelta(hours=2), disposition="79")  # died
    assert broker.app.request(hospital.request_id()).cancel_reason == "died"
    assert client.get("/broker/waiting-list", headers=council).json() == []

    hospital.send("A13", NOW - timedelta(hours=1))  # it was not them
    request = broker.app.request(hospital.request_id())
    assert request.stage == "needs_details" and request.cancel_reason is None
    [waiting] = client.get("/broker/waiting-list", headers=council).json()
    assert waiting["stage"] == "needs_details"
    reopened = broker.app.history(hospital.request_id())[-1]
    assert reopened.reason == "death_cancelled"  # type: ignore[attr-defined]

    hospital.resend()  # the A13 again: nothing more happens
    assert events_of(runtime, hospital).count("PlacementReopened") == 1


def test_a_discharge_home_cancelled_leaves_the_request_as_it_was(runtime: Runtime) -> None:
    hospital = Hospital(runtime)
    hospital.admit(NOW - timedelta(days=3))
    hospital.ready_for_a_care_home(NOW - timedelta(days=1))
    record_needs(runtime, hospital.request_id())
    broker = broker_of(runtime)
    version = broker.app.request(hospital.request_id()).version

    hospital.send("A03", NOW - timedelta(hours=2), disposition="19")  # home
    hospital.send("A13", NOW - timedelta(hours=1))

    request = broker.app.request(hospital.request_id())
    assert (request.stage, request.version) == ("seeking", version)
