"""Home care agencies over HTTP: a provider registers its agency and reports its own free
hours (another provider's token gets 403), what a real report cannot be gets 422 naming the
field, a broker searches by zone and band, and a council suspends its own packages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.vacancies.application.test_agencies import agency_details

Auth = Callable[[str, str], dict[str, str]]
SEFTON = "E08000014"


def register(client: TestClient, auth: Auth, n: int = 1, provider: str = "PROV-1") -> str:
    body = agency_details(
        cqc_location_id=f"1-30000000{n}", name=f"Agency {n}", provider_id=provider
    )
    r = client.post("/vacancies/agencies", json=body, headers=auth("provider", provider))
    assert r.status_code == 201, r.text
    return str(r.json()["agency_id"])


def capacity(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "zone": "SEF-NORTH",
        "hours": {"morning": 14, "bed": 7},
        "available_from": (date.today() + timedelta(days=2)).isoformat(),
        "double_handed": True,
    }
    return body | overrides


def test_a_provider_reports_its_agencys_capacity_and_reads_it_back(
    client: TestClient, auth: Auth
) -> None:
    agency = register(client, auth)
    url = f"/vacancies/agencies/{agency}"
    r = client.post(url + "/capacity", json=capacity(), headers=auth("provider", "PROV-1"))
    assert r.status_code == 201, r.text
    r = client.post(url + "/confirm", headers=auth("provider", "PROV-1"))  # no body: all zones
    assert r.status_code == 200 and r.json()["version"] == 3, r.text
    seen = client.get(url, headers=auth("provider", "PROV-1")).json()
    [north] = seen["capacity"]
    assert north["hours"] == {"morning": 14, "lunch": 0, "tea": 0, "bed": 7}
    assert north["total_hours"] == 21 and north["fresh"] and north["double_handed"]
    history = [(e["event"], e["detail"].get("zone")) for e in seen["history"]]
    assert history == [("Registered", None)] + [("CapacityReported", "SEF-NORTH")] * 2
    assert client.get(url, headers=auth("broker", SEFTON)).status_code == 200
    assert client.get(url, headers=auth("analyst", "ana")).status_code == 200


def test_another_providers_token_cannot_report_or_read_the_agency(
    client: TestClient, auth: Auth
) -> None:
    agency = register(client, auth)
    url = f"/vacancies/agencies/{agency}"
    other = auth("provider", "PROV-2")
    assert client.post(url + "/capacity", json=capacity(), headers=other).status_code == 403
    assert client.post(url + "/confirm", json={}, headers=other).status_code == 403
    assert client.get(url, headers=other).status_code == 403
    body = agency_details(cqc_location_id="1-399", provider_id="PROV-1")
    assert client.post("/vacancies/agencies", json=body, headers=other).status_code == 403
    assert (
        client.post(url + "/capacity", json=capacity(), headers=auth("broker", SEFTON)).status_code
        == 403
    )
    assert client.get(f"/vacancies/agencies/{agency[:-1]}0", headers=other).status_code == 404


def test_what_a_real_report_cannot_be_gets_422_naming_the_field(
    client: TestClient, auth: Auth
) -> None:
    agency = register(client, auth)
    url, me = f"/vacancies/agencies/{agency}/capacity", auth("provider", "PROV-1")
    far = (date.today() + timedelta(days=400)).isoformat()
    for body, field in [
        (capacity(hours={"morning": 2000.5}), ["body", "hours", "morning"]),
        (capacity(hours={"morning": -1}), ["body", "hours", "morning"]),
        (capacity(hours={"night": 5}), ["body", "hours", "night"]),
        (capacity(available_from=far), ["body", "available_from"]),
        (capacity(available_from="2020-01-01"), ["body", "available_from"]),
        (capacity(zone="north sefton"), ["body", "zone"]),
        (capacity(zone="SEF-FORMBY-MAGHULL"), ["body", "zone"]),  # not one the agency serves
        (capacity(extra=1), ["body", "extra"]),
    ]:
        r = client.post(url, json=body, headers=me)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["detail"][0]["loc"][: len(field)] == field, r.text
    bad = agency_details(cqc_location_id="1-398", zones=["SEF-NOWHERE"])
    r = client.post("/vacancies/agencies", json=bad, headers=me)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "zones", "0"], r.text
    bad = agency_details(cqc_location_id="1-397", services=["respite"])
    r = client.post("/vacancies/agencies", json=bad, headers=me)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][:2] == ["body", "services"]
    r = client.post(f"/vacancies/agencies/{agency}/confirm", json={}, headers=me)
    assert r.status_code == 409, "nothing reported yet to confirm"


def test_a_broker_searches_by_zone_and_band_and_its_suspension_hides_an_agency(
    client: TestClient, auth: Auth
) -> None:
    first, second = register(client, auth, 1), register(client, auth, 2, "PROV-2")
    for agency, provider, hours in [
        (first, "PROV-1", {"bed": 7}),
        (second, "PROV-2", {"bed": 20, "tea": 5}),
    ]:
        r = client.post(
            f"/vacancies/agencies/{agency}/capacity",
            json=capacity(hours=hours),
            headers=auth("provider", provider),
        )
        assert r.status_code == 201, r.text
    broker = auth("broker", SEFTON)
    r = client.get("/vacancies/agencies?zone=SEF-NORTH&band=bed", headers=broker)
    assert r.status_code == 200, r.text
    assert [(m["name"], m["hours"]["bed"]) for m in r.json()] == [("Agency 2", 20), ("Agency 1", 7)]
    assert [
        m["name"] for m in client.get("/vacancies/agencies?band=tea", headers=broker).json()
    ] == ["Agency 2"]
    assert client.get("/vacancies/agencies?zone=SEF-SOUTH", headers=broker).json() == []
    assert client.get("/vacancies/agencies?band=night", headers=broker).status_code == 422
    assert client.get("/vacancies/agencies", headers=auth("provider", "PROV-1")).status_code == 403
    # Sefton stops placing with the second agency: its broker no longer finds it
    r = client.post(
        f"/vacancies/agencies/{second}/suspension", json={"reason": "safeguarding"}, headers=broker
    )
    assert r.status_code == 200, r.text
    found = client.get("/vacancies/agencies?zone=SEF-NORTH", headers=broker).json()
    assert [m["name"] for m in found] == ["Agency 1"]
    other = {"reason": "other", "council_code": "E08000012"}
    r = client.post(f"/vacancies/agencies/{second}/suspension", json=other, headers=broker)
    assert r.status_code == 403, "a broker decides for its own council only"
    analyst = client.get("/vacancies/agencies?zone=SEF-NORTH", headers=auth("analyst", "a")).json()
    assert len(analyst) == 2, "suspended for Sefton's placements, not for everyone"
    r = client.post(f"/vacancies/agencies/{second}/resumption", json={}, headers=broker)
    assert r.status_code == 200, r.text
    assert len(client.get("/vacancies/agencies?zone=SEF-NORTH", headers=broker).json()) == 2
