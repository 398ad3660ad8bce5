"""A home care package through the three services' HTTP APIs, as the users drive it: a ward
makes a patient ready on pathway 1, the package request opens by itself, the broker records
the care needed (reason E on the episode from then on, while it is sourced) and offers it to
the zone's agency and the cascade at once; two brokers race for the agency's last hours and
one wins; the winner's package falls through and its hours are released for the other; the
patient's package is sourced again and starts, and the hospital episode ends."""

from __future__ import annotations

from fastapi.testclient import TestClient

from services.runtime import Runtime
from tests.e2e.journey import COUNCIL, TRUST, ok
from tests.e2e.package_journey import (
    Headers,
    care,
    delay_reasons,
    free_bed_hours,
    ready_on_p1,
    register_agency,
)


def test_ready_on_p1_to_package_started_across_the_three_services(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    north = register_agency(client, auth, 1, "SEF-NORTH", {"morning": 20, "bed": 5})
    south = register_agency(client, auth, 2, "SEF-SOUTH", {"morning": 20, "bed": 20})
    episode = ready_on_p1(client, auth, "RVY-P1-0001")
    runtime.drain()
    broker, other_broker = auth("broker", COUNCIL), auth("broker", COUNCIL)
    [listed] = ok(client.get("/broker/packages", headers=broker))
    assert (listed["episode_id"], listed["stage"]) == (episode, "needs_details")
    assert delay_reasons(client, auth, episode) == []  # the ward's own, until the needs say
    patient = f"/broker/packages/{listed['request_id']}"

    # the care needed; a call band named twice is a 422 naming the field
    twice = {"care": care(call_bands=["bed", "bed"])}
    refused = client.post(f"{patient}/needs", json=twice, headers=broker)
    assert refused.status_code == 422 and "call_bands" in refused.text
    ok(client.post(f"{patient}/needs", json={"care": care()}, headers=broker))
    runtime.drain()
    assert delay_reasons(client, auth, episode) == ["E"]  # awaiting a package, nobody typed it
    found = ok(client.get(f"{patient}/agencies", headers=broker))
    assert [(a["name"], a["serves_zone"]) for a in found] == [
        ("Agency 1", True), ("Agency 2", False),  # the zone's agency, then the cascade
    ]  # fmt: skip
    offered = ok(
        client.post(f"{patient}/offers", json={"agency_ids": [north, south]}, headers=broker)
    )

    # each agency sees only the offers made to it; another's answers 404
    seen = ok(client.get("/broker/package-offers", headers=auth("provider", "P-A2")))
    assert [(o["agency_id"], o["hours"]) for o in seen] == [(south, {"morning": 3.5, "bed": 3.5})]
    theirs = client.post(
        f"{patient}/offers/{offered[0]}/answer", json={"accept": True},
        headers=auth("provider", "P-A2"),
    )  # fmt: skip
    assert theirs.status_code == 404
    bad = client.post(
        f"{patient}/offers/{offered[1]}/answer", json={"accept": False, "reason": "full"},
        headers=auth("provider", "P-A2"),
    )  # fmt: skip
    assert bad.status_code == 422
    ok(
        client.post(
            f"{patient}/offers/{offered[1]}/answer",
            json={"accept": False, "reason": "no_capacity_in_zone"},
            headers=auth("provider", "P-A2"),
        )
    )

    # another broker opens a package for someone at home in the same zone: two packages want
    # Agency 1's last 5 bed hours, 3.5 each; the agency accepts both before either is held
    at_home = ok(client.post("/broker/packages", json={"care": care()}, headers=other_broker), 201)
    neighbour = f"/broker/packages/{at_home['request_id']}"
    [theirs_offer] = ok(
        client.post(f"{neighbour}/offers", json={"agency_ids": [north]}, headers=other_broker)
    )
    agency_1 = auth("provider", "P-A1")
    for url in (f"{patient}/offers/{offered[0]}", f"{neighbour}/offers/{theirs_offer}"):
        ok(client.post(f"{url}/answer", json={"accept": True}, headers=agency_1))
    runtime.drain()
    mine = ok(client.get(patient, headers=broker))
    loser = ok(client.get(neighbour, headers=other_broker))
    assert (mine["stage"], loser["stage"]) == ("offered", "sourcing")  # one winner
    assert "bed band" in str(loser["history"])
    assert free_bed_hours(client, auth, north, "P-A1") == 1.5

    # the person accepts, a start is booked, then it falls through: the hours are released
    [hold] = mine["holds"]
    ok(client.post(f"{patient}/holds/{hold}/accept", headers=broker))
    on = {"on": care()["start_on"]}
    ok(client.post(f"{patient}/holds/{hold}/start-booking", json=on, headers=broker))
    ok(
        client.post(
            f"{patient}/holds/{hold}/fall-through", json={"reason": "staffing"}, headers=broker
        )
    )
    runtime.drain()
    assert free_bed_hours(client, auth, north, "P-A1") == 5
    assert ok(client.get(patient, headers=broker))["stage"] == "sourcing"
    assert delay_reasons(client, auth, episode)[-1] == "E"
    # ...and the neighbour's broker gets them now
    ask = {"agency_id": north}
    ok(client.post(f"{neighbour}/holds", json=ask, headers=other_broker), 202)
    runtime.drain()
    assert ok(client.get(neighbour, headers=other_broker))["stage"] == "offered"

    # the cascade finds the patient another agency, which accepts: held, accepted, started
    third = register_agency(client, auth, 3, "SEF-NORTH", {"morning": 10, "bed": 10})
    runtime.drain()
    [again] = ok(client.post(f"{patient}/offers", json={"agency_ids": [third]}, headers=broker))
    ok(
        client.post(
            f"{patient}/offers/{again}/answer", json={"accept": True},
            headers=auth("provider", "P-A3"),
        )
    )  # fmt: skip
    runtime.drain()
    view = ok(client.get(patient, headers=broker))
    assert view["stage"] == "offered"
    [live] = [h for h, held in view["holds"].items() if held["status"] == "confirmed"]
    ok(client.post(f"{patient}/holds/{live}/accept", headers=broker))
    ok(client.post(f"{patient}/holds/{live}/started", headers=broker))
    runtime.drain()
    assert ok(client.get(patient, headers=broker))["stage"] == "started"
    team = auth("discharge", TRUST)
    ended = ok(client.get(f"/discharge/episodes/{episode}", headers=team))
    assert (ended["ended"]["kind"], ended["pathway"]) == ("discharged", "P1")
    [left] = [h for h in ended["history"] if h["event"] == "Ended"]
    assert "home with a package of care: Agency 3" in str(left["detail"])
    assert all(
        d["episode_id"] != episode for d in ok(client.get("/discharge/live-delays", headers=team))
    )
    assert free_bed_hours(client, auth, third, "P-A3") == 6.5  # its work now


def test_a_patient_discharged_by_the_ward_before_a_package_started_closes_its_request(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    episode = ready_on_p1(client, auth, "RVY-P1-0002")
    runtime.drain()
    team = auth("discharge", TRUST)
    ok(client.post(f"/discharge/episodes/{episode}/end", json={"kind": "discharged"}, headers=team))
    runtime.drain()
    [row] = ok(client.get("/broker/packages", headers=auth("broker", COUNCIL)))
    assert (row["episode_id"], row["stage"]) == (episode, "cancelled")
