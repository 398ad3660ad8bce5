"""A whole placement journey through the three services' HTTP APIs, as the users drive it:
a ward makes a patient ready on P3, the broker finds homes, refers, the home accepts and
assesses, the broker offers, the family accepts, the person is admitted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

Headers = Callable[[str, str], dict[str, str]]
COUNCIL = "E08000014"
TRUST = "RVY"


def ok(response: Any, code: int = 200) -> Any:
    assert response.status_code == code, response.text
    return response.json()


def register_homes(client: TestClient, auth: Headers, count: int = 4) -> list[str]:
    ids = []
    for i in range(count):
        provider = f"P-{i}"
        body = {
            "cqc_location_id": f"1-90{i}", "name": f"Home {i}", "provider_id": provider,
            "local_authority_code": COUNCIL, "local_authority_name": "Sefton",
            "locality": ["Southport", "Bootle", "Formby", "Crosby"][i % 4],
            "postcode": "PR8 1AA", "latitude": 53.64 + i / 100, "longitude": -3.0,
            "registered_beds": 30, "registrations": ["nursing", "residential"],
            "care_categories": ["dementia", "older_people"],
        }  # fmt: skip
        home = ok(
            client.post("/vacancies/homes", json=body, headers=auth("provider", provider)), 201
        )
        ids.append(home["home_id"])
        free = {"nursing-dementia": 1 if i else 0, "residential-older_people": 2}
        ok(
            client.post(
                f"/vacancies/homes/{home['home_id']}/vacancies",
                json={"free_beds": free},
                headers=auth("provider", provider),
            ),
            201,
        )
    return ids


def admit_and_make_ready(client: TestClient, auth: Headers, days_ago: float) -> str:
    team = auth("discharge", TRUST)
    admitted = datetime.now(UTC) - timedelta(days=days_ago + 3)
    body = {
        "reference": f"{TRUST}-{days_ago}", "provider_code": TRUST, "provider_name": "Aintree",
        "ward": "Ward 9", "care_type": "acute", "la_code": COUNCIL, "la_name": "Sefton",
        "admitted_at": admitted.isoformat(),
    }  # fmt: skip
    episode = ok(client.post("/discharge/episodes", json=body, headers=team), 201)["episode_id"]
    ready_at = (datetime.now(UTC) - timedelta(days=days_ago)).isoformat()
    ok(
        client.post(
            f"/discharge/episodes/{episode}/ready",
            json={"pathway": "P3", "occurred_at": ready_at},
            headers=team,
        )
    )
    return str(episode)
