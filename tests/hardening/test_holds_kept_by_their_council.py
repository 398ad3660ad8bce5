"""A bed held for one council's placement stays held whatever another council's broker does:
through the saga across the three services and through the vacancies API alike. Another
council's hold or request answers as one nobody has (404); a home is changed only by its own
provider."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from services.runtime import Runtime
from tests.e2e.journey import COUNCIL, admit_and_make_ready, ok, register_homes

Headers = Callable[[str, str], dict[str, str]]
OTHER_COUNCIL = "E08000012"
DECLINE = {"reason": "family_choice"}
NEEDS = {"registration": "nursing", "care_category": "dementia", "funding": "council"}


def offer_a_bed(runtime: Runtime, client: TestClient, auth: Headers) -> tuple[str, str, str]:
    """Up to the bed held for the offer: (request, offer = reservation, home)."""
    home = register_homes(client, auth)[1]
    admit_and_make_ready(client, auth, days_ago=3)
    runtime.drain()
    broker = auth("broker", COUNCIL)
    [waiting] = ok(client.get("/broker/waiting-list", headers=broker))
    request = waiting["request_id"]
    ok(client.post(f"/broker/requests/{request}/details", json=NEEDS, headers=broker))
    runtime.drain()
    steps = f"/broker/requests/{request}"
    [referral] = ok(client.post(f"{steps}/referrals", json={"home_ids": [home]}, headers=broker))
    accept = {"accept": True}
    provider = auth("provider", "P-1")
    ok(client.post(f"{steps}/referrals/{referral}/answer", json=accept, headers=provider))
    visit = {"home_id": home, "on": "2026-11-20"}
    ok(client.post(f"{steps}/assessment", json=visit, headers=broker))
    outcome = {"home_id": home, "can_meet_needs": True}
    ok(client.post(f"{steps}/assessment/outcome", json=outcome, headers=broker))
    body = {"home_id": home, "weekly_fee": 1100}
    ok(client.post(f"/broker/requests/{request}/offers", json=body, headers=broker), 202)
    runtime.drain()
    [offer] = ok(client.get(f"/broker/requests/{request}", headers=broker))["offers"]
    return request, offer, home


def held(client: TestClient, auth: Headers, home: str, reservation: str) -> dict[str, Any]:
    view = ok(client.get(f"/vacancies/homes/{home}", headers=auth("provider", "P-1")))
    [hold] = [h for h in view["reservations"] if h["reservation_id"] == reservation]
    return {"status": hold["status"], "available": view["available_beds"]["nursing-dementia"]}


def test_another_councils_broker_cannot_free_a_bed_the_saga_holds(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    request, offer, home = offer_a_bed(runtime, client, auth)
    before = held(client, auth, home, offer)
    assert before == {"status": "held", "available": 0}
    intruder = auth("broker", OTHER_COUNCIL)
    at_home = f"/vacancies/homes/{home}/reservations/{offer}"
    at_request = f"/broker/requests/{request}"
    tries = [
        client.post(f"{at_home}/release", json={}, headers=intruder),
        client.post(f"{at_home}/occupy", headers=intruder),
        client.post(f"{at_request}/offers/{offer}/decline", json=DECLINE, headers=intruder),
        client.post(f"{at_request}/cancel", json={"reason": "went_home"}, headers=intruder),
        client.get(at_request, headers=intruder),
    ]
    assert [r.status_code for r in tries] == [404] * len(tries)
    runtime.drain()
    assert held(client, auth, home, offer) == before  # the bed is still held, not back on sale
    # nor can the intruder see whose the hold is
    seen = ok(client.get(f"/vacancies/homes/{home}", headers=intruder))
    assert seen["reservations"] == []
    owner = ok(client.get(f"/vacancies/homes/{home}", headers=auth("broker", COUNCIL)))
    assert [h["reservation_id"] for h in owner["reservations"]] == [offer]


def test_the_council_that_holds_a_bed_releases_it_and_nobody_else(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    home = register_homes(client, auth)[1]
    mine, theirs = auth("broker", COUNCIL), auth("broker", OTHER_COUNCIL)
    body = {"bed_type": "nursing-dementia", "reference": "R-1"}
    hold = ok(client.post(f"/vacancies/homes/{home}/reservations", json=body, headers=mine), 201)
    release = f"/vacancies/homes/{home}/reservations/{hold['reservation_id']}/release"
    refused = client.post(release, json={}, headers=theirs)
    assert refused.status_code == 404
    nobody = "00000000-0000-0000-0000-000000000000"
    unknown = client.post(
        f"/vacancies/homes/{home}/reservations/{nobody}/release", json={}, headers=theirs
    )
    assert unknown.status_code == 404  # told the same as for an id nobody has
    assert refused.json()["detail"] == unknown.json()["detail"].replace(
        nobody, hold["reservation_id"]
    )
    assert held(client, auth, home, hold["reservation_id"])["status"] == "held"
    ok(client.post(release, json={}, headers=mine))
    assert held(client, auth, home, hold["reservation_id"])["status"] == "released"


def test_only_its_own_provider_changes_a_home_or_reports_its_beds(
    client: TestClient, auth: Headers
) -> None:
    home = register_homes(client, auth)[1]
    report = {"free_beds": {"nursing-dementia": 5}}
    for who in (auth("broker", COUNCIL), auth("provider", "P-2"), auth("discharge", "RVY")):
        changes = [
            client.patch(f"/vacancies/homes/{home}", json={"name": "X"}, headers=who),
            client.post(f"/vacancies/homes/{home}/vacancies", json=report, headers=who),
            client.post(
                f"/vacancies/homes/{home}/closure", json={"closing_on": "2027-01-31"}, headers=who
            ),
        ]
        assert [r.status_code for r in changes] == [403, 403, 403]
    view = ok(client.get(f"/vacancies/homes/{home}", headers=auth("provider", "P-1")))
    assert view["name"] == "Home 1" and view["free_beds"]["nursing-dementia"] == 1
    own = auth("provider", "P-1")
    ok(client.post(f"/vacancies/homes/{home}/vacancies", json=report, headers=own), 201)
