"""A provider's own home care agencies over HTTP (its "My agencies" page): only its own, by
name, each with its zones' last reports as GET /vacancies/agencies/{id} shows them; a
broker's token is refused (it searches agencies instead)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.vacancies.api.test_agencies import Auth, capacity, register


def test_a_provider_lists_only_its_own_agencies_with_their_reports(
    client: TestClient, auth: Auth
) -> None:
    mine = register(client, auth, 1, provider="PROV-1")
    register(client, auth, 2, provider="PROV-2")
    also_mine = register(client, auth, 3, provider="PROV-1")
    url = f"/vacancies/agencies/{mine}/capacity"
    assert client.post(url, json=capacity(), headers=auth("provider", "PROV-1")).status_code == 201
    r = client.get("/vacancies/own-agencies", headers=auth("provider", "PROV-1"))
    assert r.status_code == 200, r.text
    listed = r.json()
    assert [(a["agency_id"], a["name"]) for a in listed] == [
        (mine, "Agency 1"),
        (also_mine, "Agency 3"),
    ]
    [north] = listed[0]["capacity"]
    assert north["zone"] == "SEF-NORTH" and north["total_hours"] == 21 and north["fresh"]
    assert listed[1]["capacity"] == []  # registered, never reported


def test_a_broker_cannot_list_a_providers_agencies(client: TestClient, auth: Auth) -> None:
    register(client, auth)
    r = client.get("/vacancies/own-agencies", headers=auth("broker", "E08000014"))
    assert r.status_code == 403
