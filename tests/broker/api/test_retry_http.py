"""The broker API as a client that retries drives it: its own times and referral ids, the
same command twice recording nothing, the broker's view of a home, the escalation sweep."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from services.runtime import Runtime
from tests.broker.api.test_http import open_request
from tests.e2e.journey import COUNCIL, ok, register_homes

Headers = Callable[[str, str], dict[str, str]]


def test_a_referral_with_the_callers_id_and_time_is_sent_once_however_often_it_is_retried(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    homes = register_homes(client, auth, count=2)
    runtime.drain()
    request = open_request(client, auth)
    broker = auth("broker", COUNCIL)
    sent_at = (datetime.now(UTC) - timedelta(days=2)).replace(microsecond=0)
    body = {"home_ids": [homes[1]], "referral_ids": ["r1"], "occurred_at": sent_at.isoformat()}
    path = f"/broker/requests/{request}/referrals"
    assert ok(client.post(path, json=body, headers=broker)) == ["r1"]
    version = ok(client.get(f"/broker/requests/{request}", headers=broker))["version"]
    assert ok(client.post(path, json=body, headers=broker)) == ["r1"]  # the retry
    seen = ok(client.get(f"/broker/requests/{request}", headers=broker))
    assert seen["version"] == version
    assert seen["referrals"]["r1"]["sent_at"].startswith(sent_at.isoformat()[:19])
    answer_by = datetime.fromisoformat(seen["referrals"]["r1"]["answer_by"])
    assert answer_by == sent_at + timedelta(hours=24)


def test_a_time_in_the_future_is_a_422(runtime: Runtime, client: TestClient, auth: Headers) -> None:
    homes = register_homes(client, auth, count=2)
    runtime.drain()
    request = open_request(client, auth)
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    r = client.post(
        f"/broker/requests/{request}/referrals",
        json={"home_ids": [homes[1]], "occurred_at": later},
        headers=auth("broker", COUNCIL),
    )
    assert r.status_code == 422 and "occurred_at" in r.text


def test_referral_ids_must_match_the_homes(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    homes = register_homes(client, auth, count=2)
    runtime.drain()
    request = open_request(client, auth)
    r = client.post(
        f"/broker/requests/{request}/referrals",
        json={"home_ids": homes, "referral_ids": ["only-one"]},
        headers=auth("broker", COUNCIL),
    )
    assert r.status_code == 422 and "referral_ids" in r.text


def test_the_brokers_view_of_a_home_and_the_escalation_sweep(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    homes = register_homes(client, auth, count=2)
    runtime.drain()
    broker = auth("broker", COUNCIL)
    home = ok(client.get(f"/broker/homes/{homes[1]}", headers=broker))
    assert home["taking_placements"] is True and "nursing-dementia" in home["bed_types"]
    unknown = "00000000-0000-4000-8000-000000000000"
    assert client.get(f"/broker/homes/{unknown}", headers=broker).status_code == 404
    request = open_request(client, auth)
    sent = datetime.now(UTC) - timedelta(days=3)
    body = {"home_ids": [homes[1]], "referral_ids": ["r1"], "occurred_at": sent.isoformat()}
    ok(client.post(f"/broker/requests/{request}/referrals", json=body, headers=broker))
    assert client.post("/broker/escalations", json={}, headers=broker).status_code == 403
    admin = auth("admin", "ops")
    assert ok(client.post("/broker/escalations", json={}, headers=admin)) == {
        "escalated": 1,
        "lapsed": 0,
    }
    assert ok(client.post("/broker/escalations", json={}, headers=admin)) == {
        "escalated": 0,
        "lapsed": 0,
    }
