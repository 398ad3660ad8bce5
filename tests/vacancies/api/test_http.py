"""The vacancies API as a provider and a broker use it, including bad input and auth."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.vacancies.conftest import home_details

Auth = Callable[[str, str], dict[str, str]]


def register(client: TestClient, auth: Auth, **overrides: object) -> str:
    r = client.post(
        "/vacancies/homes", json=home_details(**overrides), headers=auth("provider", "PROV-1")
    )
    assert r.status_code == 201, r.text
    return str(r.json()["home_id"])


def test_provider_registers_and_reports_then_broker_finds_the_home(
    client: TestClient, auth: Auth
) -> None:
    home = register(client, auth)
    r = client.post(
        f"/vacancies/homes/{home}/vacancies",
        json={"free_beds": {"nursing-dementia": 2}},
        headers=auth("provider", "PROV-1"),
    )
    assert r.status_code == 201, r.text
    r = client.get(
        "/vacancies/search",
        params={"registration": "nursing", "postcode": "PR8 1AA", "within_km": 5},
        headers=auth("broker", "E08000014"),
    )
    assert r.status_code == 200, r.text
    [match] = r.json()
    assert match["home_id"] == home and match["free_beds"] == {"nursing-dementia": 2}
    assert match["distance_km"] == 0.0


def test_the_last_bed_reserved_twice_gets_one_201_and_one_409(
    client: TestClient, auth: Auth
) -> None:
    home = register(client, auth)
    client.post(
        f"/vacancies/homes/{home}/vacancies",
        json={"free_beds": {"nursing-dementia": 1}},
        headers=auth("provider", "PROV-1"),
    )
    broker = auth("broker", "E08000014")
    first = client.post(
        f"/vacancies/homes/{home}/reservations",
        json={"bed_type": "nursing-dementia", "reference": "req-1"},
        headers=broker,
    )
    second = client.post(
        f"/vacancies/homes/{home}/reservations",
        json={"bed_type": "nursing-dementia", "reference": "req-2"},
        headers=broker,
    )
    assert (first.status_code, second.status_code) == (201, 409)
    assert "no nursing-dementia bed is free" in second.json()["detail"]


def test_a_retried_reservation_with_its_id_is_not_a_second_hold(
    client: TestClient, auth: Auth
) -> None:
    home = register(client, auth)
    client.post(
        f"/vacancies/homes/{home}/vacancies",
        json={"free_beds": {"nursing-dementia": 1}},
        headers=auth("provider", "PROV-1"),
    )
    body = {
        "bed_type": "nursing-dementia",
        "reference": "req-1",
        "reservation_id": "6d1f3c1e-0000-4000-8000-000000000001",
    }
    broker = auth("broker", "E08000014")
    codes = [
        client.post(f"/vacancies/homes/{home}/reservations", json=body, headers=broker).status_code
        for _ in range(2)
    ]
    assert codes == [201, 201]
    detail = client.get(f"/vacancies/homes/{home}", headers=broker).json()
    assert len(detail["reservations"]) == 1
    assert [e["event"] for e in detail["history"]] == [
        "Registered",
        "VacanciesReported",
        "BedReserved",
    ]


def test_bad_input_names_the_field(client: TestClient, auth: Auth) -> None:
    r = client.post(
        "/vacancies/homes", json=home_details(registered_beds=0), headers=auth("provider", "PROV-1")
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "registered_beds"]
    home = register(client, auth)
    for free_beds, field in [
        ({"nursing-dementia": -1}, ["body", "free_beds", "nursing-dementia"]),
        ({"nursing-unicorns": 1}, ["body", "free_beds", "nursing-unicorns"]),
        ({"nursing-mental_health": 1}, ["body", "free_beds", "nursing-mental_health"]),
        ({"nursing-dementia": 41}, ["body", "free_beds"]),
    ]:
        r = client.post(
            f"/vacancies/homes/{home}/vacancies",
            json={"free_beds": free_beds},
            headers=auth("provider", "PROV-1"),
        )
        assert r.status_code == 422, (free_beds, r.text)
        assert r.json()["detail"][0]["loc"][: len(field)] == field, r.text
    detail = client.get(f"/vacancies/homes/{home}", headers=auth("broker", "E08000014")).json()
    assert detail["version"] == 1, "a refused report leaves nothing written"


def test_no_token_or_a_forged_one_gets_401_and_never_data(client: TestClient, auth: Auth) -> None:
    home = register(client, auth)
    assert client.get(f"/vacancies/homes/{home}").status_code == 401
    forged = {"Authorization": "Bearer " + "x" * 40}
    assert client.get(f"/vacancies/homes/{home}", headers=forged).status_code == 401
    assert client.get("/vacancies/search", headers=forged).status_code == 401


def test_a_provider_acts_only_on_its_own_homes(client: TestClient, auth: Auth) -> None:
    home = register(client, auth)
    other = auth("provider", "PROV-2")
    r = client.post(f"/vacancies/homes/{home}/vacancies", json={"free_beds": {}}, headers=other)
    assert r.status_code == 403
    # refused in the command's own load of the home, before anything is decided or saved
    detail = client.get(f"/vacancies/homes/{home}", headers=auth("broker", "E08000014")).json()
    assert detail["version"] == 1 and len(detail["history"]) == 1
    assert client.get(f"/vacancies/homes/{home}", headers=other).status_code == 403
    assert (
        client.post(
            "/vacancies/homes", json=home_details(cqc_location_id="1-9"), headers=other
        ).status_code
        == 403
    )
    assert client.get("/vacancies/search", headers=other).status_code == 403


def test_inadequate_rating_suspends_placements_and_refuses_holds(
    client: TestClient, auth: Auth
) -> None:
    home = register(client, auth)
    client.post(
        f"/vacancies/homes/{home}/vacancies",
        json={"free_beds": {"nursing-dementia": 3}},
        headers=auth("provider", "PROV-1"),
    )
    r = client.post(
        f"/vacancies/homes/{home}/rating",
        json={"rating": "inadequate", "rated_on": "2026-10-30"},
        headers=auth("admin", "CQC"),
    )
    assert r.status_code == 200, r.text
    r = client.post(
        f"/vacancies/homes/{home}/reservations",
        json={"bed_type": "nursing-dementia", "reference": "req-1"},
        headers=auth("broker", "E08000014"),
    )
    assert r.status_code == 409 and "suspended" in r.json()["detail"]
    r = client.post(
        f"/vacancies/homes/{home}/resumption", json={}, headers=auth("broker", "E08000014")
    )  # a council lifts only its own suspension: the regulator's is for every council
    assert r.status_code == 409 and "has not suspended" in r.json()["detail"]
    r = client.post(f"/vacancies/homes/{home}/resumption", json={}, headers=auth("admin", "ops"))
    assert r.status_code == 409 and "Inadequate" in r.json()["detail"]


def test_board_is_for_councils_and_analysts(client: TestClient, auth: Auth) -> None:
    home = register(client, auth)
    client.post(
        f"/vacancies/homes/{home}/vacancies",
        json={"free_beds": {"nursing-dementia": 3}},
        headers=auth("provider", "PROV-1"),
    )
    rows = client.get("/vacancies/board", headers=auth("analyst", "NHSE")).json()
    cell = next(r for r in rows if r["bed_type"] == "nursing-dementia")
    assert (cell["la_code"], cell["locality"], cell["free_beds"], cell["fresh_share"]) == (
        "E08000014",
        "Southport",
        3,
        1.0,
    )


def test_any_council_suspends_a_home_for_its_own_placements_only(
    client: TestClient, auth: Auth
) -> None:
    home = register(client, auth)  # in Sefton (E08000014)
    client.post(
        f"/vacancies/homes/{home}/vacancies",
        json={"free_beds": {"nursing-dementia": 3}},
        headers=auth("provider", "PROV-1"),
    )
    liverpool, sefton = auth("broker", "E08000012"), auth("broker", "E08000014")
    url = f"/vacancies/homes/{home}"
    r = client.post(f"{url}/suspension", json={"reason": "safeguarding"}, headers=liverpool)
    assert r.status_code == 200, r.text
    named = {"reason": "other", "council_code": "E08000014"}
    r = client.post(f"{url}/suspension", json=named, headers=liverpool)
    assert r.status_code == 403  # not for another council, the host included

    def found(headers: dict[str, str]) -> list[bool]:
        r = client.get("/vacancies/search", params={"include_suspended": True}, headers=headers)
        return [m["suspended"] for m in r.json() if m["home_id"] == home]

    assert found(liverpool) == [True] and found(sefton) == [False]
    assert client.get("/vacancies/search", headers=liverpool).json() == []
    view = client.get(url, headers=auth("provider", "PROV-1")).json()
    assert view["suspended"] is False
    assert view["suspended_by_councils"] == {"E08000012": "safeguarding"}

    r = client.post(f"{url}/resumption", json={}, headers=sefton)  # not Sefton's suspension
    assert r.status_code == 409 and "has not suspended" in r.json()["detail"]
    assert client.post(f"{url}/resumption", json={}, headers=liverpool).status_code == 200
    assert found(liverpool) == [False]


def test_an_admin_suspends_for_every_council_or_for_the_one_it_names(
    client: TestClient, auth: Auth
) -> None:
    home = register(client, auth)
    admin, url = auth("admin", "ops"), f"/vacancies/homes/{home}"
    body = {"reason": "escalating_concerns", "council_code": "E08000012"}
    assert client.post(f"{url}/suspension", json=body, headers=admin).status_code == 200
    assert (
        client.post(f"{url}/suspension", json={"reason": "other"}, headers=admin).status_code == 200
    )
    view = client.get(url, headers=admin).json()
    assert view["suspended"] is True and view["suspended_by_councils"] == {
        "E08000012": "escalating_concerns"
    }
    r = client.post(f"{url}/resumption", json={}, headers=auth("broker", "E08000012"))
    assert r.status_code == 200  # Liverpool lifts its own: the suspension for all stands
    assert client.get(url, headers=admin).json()["suspended"] is True
