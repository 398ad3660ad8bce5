"""A provider's list of its own homes (GET /vacancies/homes): its figures as last reported,
the beds held for offers, and a report of the same figures as the confirmation that moves
the report's time (what a broker's search reads as freshness)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from fastapi.testclient import TestClient

from tests.vacancies.conftest import home_details

Auth = Callable[[str, str], dict[str, str]]


def register(client: TestClient, auth: Auth, provider: str, serial: int) -> str:
    body = home_details(
        cqc_location_id=f"1-20000000{serial}", name=f"Home {serial}", provider_id=provider
    )
    r = client.post("/vacancies/homes", json=body, headers=auth("provider", provider))
    assert r.status_code == 201, r.text
    return str(r.json()["home_id"])


def report(client: TestClient, auth: Auth, home: str, free: dict[str, int]) -> None:
    url = f"/vacancies/homes/{home}/vacancies"
    r = client.post(url, json={"free_beds": free}, headers=auth("provider", "PROV-1"))
    assert r.status_code == 201, r.text


def test_a_provider_lists_only_its_own_homes_with_every_bed_type(
    client: TestClient, auth: Auth
) -> None:
    mine = register(client, auth, "PROV-1", 1)
    register(client, auth, "PROV-2", 2)
    report(client, auth, mine, {"nursing-dementia": 3})
    r = client.get("/vacancies/homes", headers=auth("provider", "PROV-1"))
    assert r.status_code == 200, r.text
    [home] = r.json()
    assert home["home_id"] == mine and home["provider_id"] == "PROV-1"
    assert home["registered_beds"] == 40
    assert home["registrations"] == ["nursing", "residential"]
    assert home["care_categories"] == ["dementia", "older_people"]
    # every bed type the home offers, those not reported free as 0
    assert home["free_beds"] == {
        "nursing-dementia": 3, "nursing-older_people": 0,
        "residential-dementia": 0, "residential-older_people": 0,
    }  # fmt: skip
    assert home["last_reported_at"] is not None and home["report_age_hours"] < 0.1
    everyone = client.get("/vacancies/homes", headers=auth("admin", "ops")).json()
    assert {h["provider_id"] for h in everyone} == {"PROV-1", "PROV-2"}
    assert client.get("/vacancies/homes", headers=auth("broker", "E08000014")).status_code == 403


def test_the_same_figures_again_confirm_them_at_a_later_time(
    client: TestClient, auth: Auth
) -> None:
    home = register(client, auth, "PROV-1", 3)
    report(client, auth, home, {"residential-older_people": 2})
    [first] = client.get("/vacancies/homes", headers=auth("provider", "PROV-1")).json()
    time.sleep(0.01)
    report(client, auth, home, {"residential-older_people": 2})
    [then] = client.get("/vacancies/homes", headers=auth("provider", "PROV-1")).json()
    assert then["free_beds"] == first["free_beds"]
    assert datetime.fromisoformat(then["last_reported_at"]) > datetime.fromisoformat(
        first["last_reported_at"]
    )
    assert then["version"] == first["version"] + 1


def test_beds_held_for_an_offer_are_shown_beside_the_free_ones(
    client: TestClient, auth: Auth
) -> None:
    home = register(client, auth, "PROV-1", 4)
    report(client, auth, home, {"nursing-dementia": 2})
    hold = {"bed_type": "nursing-dementia", "reference": "R-1"}
    r = client.post(
        f"/vacancies/homes/{home}/reservations", json=hold, headers=auth("broker", "E08000014")
    )
    assert r.status_code == 201, r.text
    [mine] = client.get("/vacancies/homes", headers=auth("provider", "PROV-1")).json()
    assert mine["free_beds"]["nursing-dementia"] == 2
    assert mine["held_beds"] == {"nursing-dementia": 1}
