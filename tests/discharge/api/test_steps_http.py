"""Several steps of one episode in one request: recorded together or not at all, and a
retried batch (its answer lost) records nothing the second time."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.discharge.api.test_http import admit, at, client

Headers = Callable[[str, str], dict[str, str]]
__all__ = ["client"]  # the fixture, used by name


def ward_round(reason: str = "A") -> dict[str, object]:
    return {
        "steps": [
            {"method": "mark_ready", "pathway": "P3", "occurred_at": at(2), "command_id": "r1"},
            {
                "method": "set_delay_reason",
                "code": reason,
                "agency": "Social Care",
                "blocker_id": "sim-A-1",
                "occurred_at": at(2),
                "command_id": "r2",
            },
            {
                "method": "progress_assessment",
                "assessment_id": "care-act",
                "kind": "care_act",
                "stage": "requested",
                "occurred_at": at(2),
                "command_id": "r3",
            },
        ]
    }


def test_a_ward_round_is_recorded_at_once_and_a_retry_records_nothing(
    client: TestClient, auth: Headers
) -> None:
    ep = admit(client, auth)
    team = auth("discharge", "RTG")
    first = client.post(f"/discharge/episodes/{ep}/steps", json=ward_round(), headers=team)
    assert first.status_code == 200, first.text
    again = client.post(f"/discharge/episodes/{ep}/steps", json=ward_round(), headers=team)
    assert again.json()["version"] == first.json()["version"] == 4
    [row] = client.get("/discharge/live-delays", headers=team).json()
    assert row["reason"] == "A" and row["outstanding_assessments"] == ["care_act"]


def test_one_refused_step_records_none_of_the_batch(client: TestClient, auth: Headers) -> None:
    ep = admit(client, auth)
    team = auth("discharge", "RTG")
    bad = ward_round(reason="C")  # C is never Social Care's: the table refuses it
    r = client.post(f"/discharge/episodes/{ep}/steps", json=bad, headers=team)
    assert r.status_code == 422
    assert client.get(f"/discharge/episodes/{ep}", headers=team).json()["version"] == 1


def test_an_unknown_step_is_a_422(client: TestClient, auth: Headers) -> None:
    ep = admit(client, auth)
    body = {"steps": [{"method": "teleport", "occurred_at": at(1)}]}
    r = client.post(f"/discharge/episodes/{ep}/steps", json=body, headers=auth("discharge", "RTG"))
    assert r.status_code == 422
