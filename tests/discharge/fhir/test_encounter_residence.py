"""The council of residence from an Encounter: its contained Patient's home address names
the district; an ONS code or a council's name is that council, anything else leaves it for
the team to complete, in no council's rows until then."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.runtime import Runtime
from tests.discharge.fhir.encounters import NHS, encounter

Headers = Callable[[str, str], dict[str, str]]
PATH = "/discharge/fhir/Encounter"


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(runtime.http_app()) as c:
        yield c


def living_in(district: str, *, use: str = "home", old: str | None = None) -> dict[str, Any]:
    """An Encounter containing its subject, an Interweave Patient with a home address."""
    body = encounter()
    addresses = [{"use": use, "line": ["1 Lord Street"], "city": "Southport",
                  "district": district, "postalCode": "PR8 1AA"}]  # fmt: skip
    if old:
        addresses.insert(0, {"use": "old", "district": old})
    body["contained"] = [
        {
            "resourceType": "Patient",
            "id": "patient",
            "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": NHS}],
            "name": [{"use": "official", "family": "Bloggs", "given": ["Jane"]}],
            "address": addresses,
        }
    ]
    body["subject"] = body["subject"] | {"reference": "#patient"}
    return body


def episode(client: TestClient, auth: Headers, body: dict[str, Any]) -> dict[str, Any]:
    rem = auth("discharge", "REM")
    fhir = rem | {"Content-Type": "application/fhir+json"}
    made = client.post(PATH, content=json.dumps(body), headers=fhir)
    assert made.status_code in (200, 201), made.text
    view = client.get(f"/discharge/episodes/{made.json()['id']}", headers=rem)
    return view.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize("district", ["Sefton", "sefton", "E08000014"])
def test_a_home_address_in_a_council_gives_the_stay_its_council(
    client: TestClient, auth: Headers, district: str
) -> None:
    stay = episode(client, auth, living_in(district, old="Knowsley"))
    assert (stay["la_code"], stay["la_name"]) == ("E08000014", "Sefton")


def test_a_county_or_no_address_leaves_the_council_for_the_team(
    client: TestClient, auth: Headers
) -> None:
    stay = episode(client, auth, living_in("Merseyside"))  # a county, not a council
    assert (stay["la_code"], stay["la_name"]) == ("UNKNOWN", "unknown: to complete")
    sefton = auth("broker", "E08000014")
    assert client.get("/discharge/live-delays", headers=sefton).json() == []


def test_a_later_encounter_naming_the_council_completes_it(
    client: TestClient, auth: Headers
) -> None:
    episode(client, auth, encounter())  # no contained Patient: unknown
    stay = episode(client, auth, living_in("Sefton"))
    assert stay["la_code"] == "E08000014"
    changed = [h for h in stay["history"] if h["event"] == "DetailsUpdated"]
    assert changed and changed[-1]["detail"]["la_code"] == "E08000014"
