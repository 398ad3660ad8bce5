"""The team completes the council of residence of a stay the EPR feed admitted without one:
until then the stay is on no council's list; from then on it is on its council's."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from services.runtime import Runtime
from tests.discharge.fhir.encounters import encounter

Headers = Callable[[str, str], dict[str, str]]
SEFTON = "E08000014"


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(runtime.http_app()) as c:
        yield c


def delayed_with_no_council(client: TestClient, auth: Headers) -> str:
    """A stay a FHIR Encounter admitted (it names no council), ready for three days."""
    start = (datetime.now(UTC) - timedelta(days=6)).isoformat()
    team = auth("discharge", "REM")
    fhir = team | {"Content-Type": "application/fhir+json"}
    made = client.post(
        "/discharge/fhir/Encounter", content=json.dumps(encounter(start=start)), headers=fhir
    )
    assert made.status_code == 201, made.text
    episode = str(made.json()["id"])
    ready = {"pathway": "P1", "occurred_at": (datetime.now(UTC) - timedelta(days=3)).isoformat()}
    assert client.post(f"/discharge/episodes/{episode}/ready", json=ready, headers=team).is_success
    return episode


def sefton_list(client: TestClient, auth: Headers) -> list[str]:
    rows = client.get("/discharge/live-delays", headers=auth("broker", SEFTON)).json()
    return [row["episode_id"] for row in rows]


def test_a_completed_council_puts_the_stay_on_its_list(client: TestClient, auth: Headers) -> None:
    episode = delayed_with_no_council(client, auth)
    team = auth("discharge", "REM")
    assert client.get(f"/discharge/episodes/{episode}", headers=team).json()["la_code"] == "UNKNOWN"
    assert sefton_list(client, auth) == []

    done = client.post(
        f"/discharge/episodes/{episode}/residence", json={"la_code": "e08000014"}, headers=team
    )
    assert done.status_code == 200, done.text

    view = client.get(f"/discharge/episodes/{episode}", headers=team).json()
    assert (view["la_code"], view["la_name"]) == (SEFTON, "Sefton")
    assert sefton_list(client, auth) == [episode]


def test_a_place_that_is_not_a_council_is_named_for_the_team(
    client: TestClient, auth: Headers
) -> None:
    episode = delayed_with_no_council(client, auth)
    team = auth("discharge", "REM")
    url = f"/discharge/episodes/{episode}/residence"
    assert client.post(url, json={"la_code": "S92000003"}, headers=team).is_success
    view = client.get(f"/discharge/episodes/{episode}", headers=team).json()
    assert view["la_name"] == "Resident in Scotland"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"la_code": "UNKNOWN"}, "la_code"),
        ({"la_code": "Sefton"}, "la_code"),
        ({"la_code": "E09999999"}, "la_name"),  # a code we have no name for: name it
        ({}, "la_code"),
    ],
)
def test_what_is_not_a_council_is_refused_naming_the_field(
    client: TestClient, auth: Headers, body: dict[str, str], field: str
) -> None:
    episode = delayed_with_no_council(client, auth)
    refused = client.post(
        f"/discharge/episodes/{episode}/residence", json=body, headers=auth("discharge", "REM")
    )
    assert refused.status_code == 422
    assert field in refused.text


def test_another_trust_cannot_say_where_the_patient_lives(
    client: TestClient, auth: Headers
) -> None:
    episode = delayed_with_no_council(client, auth)
    refused = client.post(
        f"/discharge/episodes/{episode}/residence",
        json={"la_code": SEFTON},
        headers=auth("discharge", "RVY"),
    )
    assert refused.status_code == 404
    assert sefton_list(client, auth) == []
