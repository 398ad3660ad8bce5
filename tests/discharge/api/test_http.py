"""The discharge API as a discharge team, an analyst and a stranger use it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from services.runtime import Runtime

Headers = Callable[[str, str], dict[str, str]]
ADMITTED = datetime.now(UTC) - timedelta(days=10)


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(runtime.http_app()) as c:
        yield c


def admit(client: TestClient, auth: Headers, **overrides: object) -> str:
    body = {
        "reference": "ward7-0001",
        "provider_code": "RTG",
        "provider_name": "University Hospitals of Derby and Burton",
        "ward": "Ward 7",
        "care_type": "acute",
        "la_code": "E06000015",
        "la_name": "Derby",
        "nhs_number": "943 476 5919",
        "admitted_at": ADMITTED.isoformat(),
    } | overrides
    r = client.post("/discharge/episodes", json=body, headers=auth("discharge", "RTG"))
    assert r.status_code == 201, r.text
    return str(r.json()["episode_id"])


def at(days_after_admission: float) -> str:
    return (ADMITTED + timedelta(days=days_after_admission)).isoformat()


def test_a_delayed_patient_appears_on_the_live_list_with_reason_and_assessments(
    client: TestClient, auth: Headers
) -> None:
    ep = admit(client, auth)
    team = auth("discharge", "RTG")
    url = f"/discharge/episodes/{ep}"
    assert (
        client.post(
            f"{url}/ready", json={"pathway": "P3", "occurred_at": at(2)}, headers=team
        ).status_code
        == 200
    )
    body = {"code": "Dii", "agency": "Social Care", "occurred_at": at(2)}
    assert client.post(f"{url}/reason", json=body, headers=team).status_code == 200
    chc = {
        "assessment_id": "chc-1",
        "kind": "chc_checklist",
        "stage": "requested",
        "occurred_at": at(3),
    }
    assert client.post(f"{url}/assessments", json=chc, headers=team).status_code == 200
    live = client.get("/discharge/live-delays", headers=auth("broker", "E06000015")).json()
    [row] = live
    assert row["episode_id"] == ep and row["reason"] == "Dii" and row["agency"] == "Social Care"
    assert row["pathway"] == "P3" and row["days_delayed"] == 8
    assert row["outstanding_assessments"] == ["chc_checklist"]
    assert row["nctr_reason"] == "P3"  # read from Dii: nobody recorded a SitRep reason
    assert client.get("/discharge/live-delays?reason=A", headers=team).json() == []
    detail = client.get(url, headers=team).json()
    assert detail["nhs_number"] == "9434765919" and len(detail["history"]) == 4


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("ready", {"clinically_ready": True, "mdt_ready": False}, "mdt_ready"),
        ("reason", {"code": "C", "agency": "Social Care"}, "agency"),
        ("reason", {"code": "Q", "agency": "NHS"}, "reason_code"),
        ("reason", {"code": "A", "agency": "Council"}, "agency"),
        ("end", {"kind": "discharged", "occurred_at": at(-1)}, "at"),
        ("end", {"kind": "discharged", "occurred_at": at(30)}, "occurred_at"),
        ("ready", {"pathway": "P9"}, "pathway"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_records_nothing(
    client: TestClient, auth: Headers, path: str, body: dict[str, object], field: str
) -> None:
    ep = admit(client, auth)
    team = auth("discharge", "RTG")
    r = client.post(f"/discharge/episodes/{ep}/{path}", json=body, headers=team)
    assert r.status_code == 422, r.text
    assert field in [str(part) for part in r.json()["detail"][0]["loc"]]
    assert client.get(f"/discharge/episodes/{ep}", headers=team).json()["version"] == 1


def test_an_nhs_number_with_a_bad_check_digit_is_refused(client: TestClient, auth: Headers) -> None:
    body = {
        "reference": "x", "provider_code": "RTG", "provider_name": "T", "care_type": "acute",
        "la_code": "E06000015", "la_name": "Derby", "nhs_number": "9434765918",
        "admitted_at": ADMITTED.isoformat(),
    }  # fmt: skip
    r = client.post("/discharge/episodes", json=body, headers=auth("discharge", "RTG"))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "nhs_number"


def test_no_token_or_another_trust_gets_no_data(client: TestClient, auth: Headers) -> None:
    ep = admit(client, auth)
    assert client.get(f"/discharge/episodes/{ep}").status_code == 401
    other_trust = client.get(f"/discharge/episodes/{ep}", headers=auth("discharge", "RXX"))
    assert other_trust.status_code == 404  # as for an episode nobody has
    assert (
        client.get(
            "/discharge/returns/dtoc?month=2019-12", headers=auth("provider", "P1")
        ).status_code
        == 403
    )
    ok = client.get("/discharge/returns/dtoc?month=2019-12", headers=auth("analyst", "NHSE"))
    assert ok.status_code == 200 and ok.json()[0]["name"] == "England"
    bad = client.get("/discharge/returns/dtoc?month=2019-13", headers=auth("analyst", "NHSE"))
    assert bad.status_code == 422


def test_a_recorded_nctr_reason_is_shown_over_the_one_read_from_the_england_reason(
    client: TestClient, auth: Headers
) -> None:
    ep = admit(client, auth)
    team = auth("discharge", "RTG")
    url = f"/discharge/episodes/{ep}"
    ready = {"pathway": "P1", "occurred_at": at(2)}
    assert client.post(f"{url}/ready", json=ready, headers=team).status_code == 200

    def nctr() -> tuple[object, object]:
        [row] = client.get("/discharge/live-delays", headers=team).json()
        [mine] = client.get("/discharge/episodes", headers=team).json()
        return row["nctr_reason"], mine["nctr_reason"]

    assert nctr() == (None, None)  # ready, no reason yet
    package = {"code": "E", "agency": "Social Care", "occurred_at": at(2)}
    assert client.post(f"{url}/reason", json=package, headers=team).status_code == 200
    assert nctr() == ("P1", "P1")
    recorded = {"vocabulary": "sitrep", "code": "TRANSPORT", "occurred_at": at(3)}
    assert client.post(f"{url}/reason", json=recorded, headers=team).status_code == 200
    assert nctr() == ("TRANSPORT", "TRANSPORT")
