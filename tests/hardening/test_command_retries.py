"""A command sent again with its command_id: the same body is the same answer and nothing
more is recorded; another body under the same id is a 409, never a silent no-op."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Headers

TRUST = ("discharge", "RTG")


def admission(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "reference": "RTG-7",
        "provider_code": "RTG",
        "provider_name": "Derby",
        "care_type": "acute",
        "la_code": "E06000015",
        "la_name": "Derby",
        "admitted_at": "2019-12-01T10:00:00Z",
        "command_id": "admit-7",
    }
    return {**body, **overrides}


def test_the_same_admission_again_is_the_same_answer(client: TestClient, auth: Headers) -> None:
    first = client.post("/discharge/episodes", json=admission(), headers=auth(*TRUST))
    again = client.post("/discharge/episodes", json=admission(), headers=auth(*TRUST))
    assert first.status_code == 201 and again.status_code == 201, again.text
    assert again.json() == first.json()


def test_the_same_command_id_with_another_admission_is_a_409(
    client: TestClient, auth: Headers
) -> None:
    client.post("/discharge/episodes", json=admission(), headers=auth(*TRUST))
    other = client.post("/discharge/episodes", json=admission(ward="7B"), headers=auth(*TRUST))
    assert other.status_code == 409, other.text
    assert "admit-7" in other.json()["detail"]


def test_a_step_sent_twice_is_recorded_once_and_another_body_under_its_id_is_a_409(
    client: TestClient, auth: Headers
) -> None:
    episode = client.post("/discharge/episodes", json=admission(), headers=auth(*TRUST)).json()
    path = f"/discharge/episodes/{episode['episode_id']}/ready"
    ready = {"pathway": "P3", "occurred_at": "2019-12-02T10:00:00Z", "command_id": "ready-7"}
    first = client.post(path, json=ready, headers=auth(*TRUST))
    again = client.post(path, json=ready, headers=auth(*TRUST))
    assert first.status_code == 200 and again.json() == first.json(), again.text
    changed = client.post(path, json={**ready, "pathway": "P1"}, headers=auth(*TRUST))
    assert changed.status_code == 409, changed.text
    assert (
        client.get(f"/discharge/episodes/{episode['episode_id']}", headers=auth(*TRUST)).json()[
            "pathway"
        ]
        == "P3"
    )


def test_a_blocker_retried_without_its_own_id_is_opened_once(
    client: TestClient, auth: Headers
) -> None:
    episode = client.post("/discharge/episodes", json=admission(), headers=auth(*TRUST)).json()
    base = f"/discharge/episodes/{episode['episode_id']}"
    client.post(f"{base}/ready", json={"pathway": "P3", "occurred_at": "2019-12-02T10:00:00Z"},
                headers=auth(*TRUST))  # fmt: skip
    blocker = {"code": "A", "agency": "NHS", "occurred_at": "2019-12-02T11:00:00Z",
               "command_id": "blocker-7"}  # fmt: skip
    first = client.post(f"{base}/blockers", json=blocker, headers=auth(*TRUST))
    again = client.post(f"{base}/blockers", json=blocker, headers=auth(*TRUST))
    assert first.status_code == 200 and again.json() == first.json(), again.text


def test_a_command_id_with_a_hash_is_refused(client: TestClient, auth: Headers) -> None:
    r = client.post("/discharge/episodes", json=admission(command_id="a#b"), headers=auth(*TRUST))
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "command_id"]
