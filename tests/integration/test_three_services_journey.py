"""One whole placement journey across the three services on real Kafka and PostgreSQL:
ready on P3 -> request -> referrals -> assessment -> offer -> bed held -> admitted ->
episode discharged -> vacancy gone, with the delay reasons set as it happened."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from events.platform.auth import Role, issue_token
from events.platform.settings import Settings
from services.broker.bootstrap import Broker
from services.broker.projections.tables import (
    free_beds,
    holds,
    homes,
    hospital_episodes,
    index_positions,
)
from services.runtime import Runtime
from tests.e2e.journey import COUNCIL, admit_and_make_ready, ok, register_homes

T = TypeVar("T")
Headers = Callable[[str, str], dict[str, str]]


def eventually(check: Callable[[], T], what: str, seconds: float = 60) -> T:
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; last saw {result!r}")
        time.sleep(0.2)


@pytest.fixture
def runtime(production_settings: Settings) -> Iterator[Runtime]:
    rt = Runtime(production_settings)
    rt.start()
    yield rt
    rt.close()


def test_a_whole_journey_on_kafka_and_postgres(
    runtime: Runtime, production_settings: Settings
) -> None:
    def auth(role: str, org: str) -> dict[str, str]:
        token = issue_token(production_settings.signing_secret, role=Role(role), organisation=org)
        return {"Authorization": f"Bearer {token}"}

    with TestClient(runtime.http_app()) as client:
        homes = register_homes(client, auth)
        episode = admit_and_make_ready(client, auth, days_ago=4)
        broker = auth("broker", COUNCIL)

        def waiting() -> list[dict[str, Any]]:
            return ok(client.get("/broker/waiting-list", headers=broker))  # type: ignore[no-any-return]

        [row] = eventually(waiting, "the P3 patient on the waiting list")
        request = row["request_id"]
        needs = {"registration": "nursing", "care_category": "dementia", "funding": "council"}
        ok(client.post(f"/broker/requests/{request}/details", json=needs, headers=broker))
        matches = eventually(
            lambda: (
                len(m := ok(client.get(f"/broker/requests/{request}/matches", headers=broker))) == 3
                and m
            ),
            "three homes with a nursing-dementia bed in the broker's index",
        )
        referred = ok(
            client.post(
                f"/broker/requests/{request}/referrals",
                json={"home_ids": [m["home_id"] for m in matches]},
                headers=broker,
            )
        )
        chosen = matches[0]
        provider = auth("provider", f"P-{chosen['name'][-1]}")
        ok(
            client.post(
                f"/broker/requests/{request}/referrals/{referred[0]}/answer",
                json={"accept": True},
                headers=provider,
            )
        )
        home = chosen["home_id"]
        ok(
            client.post(
                f"/broker/requests/{request}/assessment",
                json={"home_id": home, "on": "2026-11-20"},
                headers=broker,
            )
        )
        ok(
            client.post(
                f"/broker/requests/{request}/assessment/outcome",
                json={"home_id": home, "can_meet_needs": True},
                headers=broker,
            )
        )
        ok(
            client.post(
                f"/broker/requests/{request}/offers",
                json={"home_id": home, "weekly_fee": 1100},
                headers=broker,
            ),
            202,
        )
        detail = eventually(
            lambda: (
                (d := ok(client.get(f"/broker/requests/{request}", headers=broker)))["stage"]
                == "offered"
                and d
            ),
            "the vacancies service to hold the bed",
        )
        [offer_id] = detail["offers"]
        ok(client.post(f"/broker/requests/{request}/offers/{offer_id}/accept", headers=broker))
        ok(
            client.post(
                f"/broker/requests/{request}/offers/{offer_id}/admitted", json={}, headers=broker
            )
        )
        team = auth("discharge", "RVY")
        view = eventually(
            lambda: (
                (v := ok(client.get(f"/discharge/episodes/{episode}", headers=team)))["ended"] and v
            ),
            "the discharge service to discharge the patient",
        )
        assert view["ended"]["kind"] == "discharged"
        assert ok(client.get("/discharge/live-delays", headers=team)) == []
        reasons = [h["detail"]["code"] for h in view["history"] if h["event"] == "DelayReasonSet"]
        assert reasons[0] == "Dii" and "A" in reasons  # awaiting a nursing bed, then the assessment
        eventually(
            lambda: (
                ok(client.get(f"/vacancies/homes/{home}", headers=provider))["free_beds"][
                    "nursing-dementia"
                ]
                == 0
            ),
            "the bed to be occupied",
        )
        assert homes and eventually(lambda: waiting() == [], "the waiting list to empty")


def dump(engine: Any, tables: list[Any]) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {t.name: sorted(tuple(r) for r in conn.execute(select(t))) for t in tables}


def test_the_brokers_view_of_other_services_rebuilds_from_the_topics_identically(
    runtime: Runtime, production_settings: Settings
) -> None:
    test_a_whole_journey_on_kafka_and_postgres(runtime, production_settings)
    broker = runtime.services["broker"]
    assert isinstance(broker, Broker)
    views = [homes, free_beds, holds, hospital_episodes, index_positions]
    live = dump(broker.engine, views)
    read = broker.rebuild_from_topics()
    assert read >= sum(len(live[t.name]) for t in (homes, hospital_episodes))
    assert dump(broker.engine, views) == live
