"""A home care package across the three services on real Kafka and PostgreSQL: ready on P1
-> package request -> needs (reason E on the episode) -> offered to the zone's agency ->
accepted -> another package racing for the agency's last hours (one wins, either) -> the
winner's package falls through and its hours are released -> the patient's hours held ->
started -> episode discharged home."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from events.platform.auth import Role, issue_token
from events.platform.settings import Settings
from services.broker.bootstrap import Broker
from services.broker.projections.agency_book import book_agencies, book_capacity, book_held
from services.runtime import Runtime
from tests.e2e.journey import COUNCIL, TRUST, ok
from tests.e2e.package_journey import (
    care,
    delay_reasons,
    free_bed_hours,
    ready_on_p1,
    register_agency,
)
from tests.integration.test_three_services_journey import dump, eventually


@pytest.fixture
def runtime(production_settings: Settings) -> Iterator[Runtime]:
    rt = Runtime(production_settings)
    rt.start()
    yield rt
    rt.close()


def test_a_package_from_ready_to_started_on_kafka_and_postgres(
    runtime: Runtime, production_settings: Settings
) -> None:
    def auth(role: str, org: str) -> dict[str, str]:
        token = issue_token(production_settings.signing_secret, role=Role(role), organisation=org)
        return {"Authorization": f"Bearer {token}"}

    with TestClient(runtime.http_app()) as client:
        north = register_agency(client, auth, 1, "SEF-NORTH", {"morning": 20, "bed": 5})
        episode = ready_on_p1(client, auth, "RVY-P1-9001")
        broker = auth("broker", COUNCIL)

        def packages() -> list[dict[str, Any]]:
            return ok(client.get("/broker/packages", headers=broker))  # type: ignore[no-any-return]

        [row] = eventually(packages, "the P1 patient's package request")
        patient = f"/broker/packages/{row['request_id']}"
        ok(client.post(f"{patient}/needs", json={"care": care()}, headers=broker))
        eventually(lambda: delay_reasons(client, auth, episode) == ["E"], "reason E")
        eventually(
            lambda: (
                [a["agency_id"] for a in ok(client.get(f"{patient}/agencies", headers=broker))]
                == [north]
            ),
            "the agency in the broker's own agency book",
        )
        [offer] = ok(client.post(f"{patient}/offers", json={"agency_ids": [north]}, headers=broker))
        at_home = ok(client.post("/broker/packages", json={"care": care()}, headers=broker), 201)
        neighbour = f"/broker/packages/{at_home['request_id']}"
        [theirs] = ok(
            client.post(f"{neighbour}/offers", json={"agency_ids": [north]}, headers=broker)
        )
        agency = auth("provider", "P-A1")
        for url in (f"{patient}/offers/{offer}", f"{neighbour}/offers/{theirs}"):
            ok(client.post(f"{url}/answer", json={"accept": True}, headers=agency))

        def stages() -> list[str] | None:
            found = [ok(client.get(u, headers=broker))["stage"] for u in (patient, neighbour)]
            return found if "hold_pending" not in found else None

        # the two requests' messages travel on different partitions: either may win, one does
        won = eventually(stages, "both holds answered")
        assert sorted(won or []) == ["offered", "sourcing"]
        assert free_bed_hours(client, auth, north, "P-A1") == 1.5
        winner = patient if won and won[0] == "offered" else neighbour

        [hold] = ok(client.get(winner, headers=broker))["holds"]
        ok(client.post(f"{winner}/holds/{hold}/accept", headers=broker))
        fell = {"reason": "staffing"}
        ok(client.post(f"{winner}/holds/{hold}/fall-through", json=fell, headers=broker))
        eventually(lambda: free_bed_hours(client, auth, north, "P-A1") == 5, "the hours released")
        again = ok(client.post(f"{patient}/holds", json={"agency_id": north}, headers=broker), 202)
        assert again["stage"] == "hold_pending"
        eventually(
            lambda: ok(client.get(patient, headers=broker))["stage"] == "offered", "held again"
        )
        live = [
            h for h, v in ok(client.get(patient, headers=broker))["holds"].items()
            if v["status"] == "confirmed"
        ]  # fmt: skip
        ok(client.post(f"{patient}/holds/{live[0]}/accept", headers=broker))
        ok(client.post(f"{patient}/holds/{live[0]}/started", headers=broker))
        team = auth("discharge", TRUST)

        def ended() -> dict[str, Any] | None:
            return ok(client.get(f"/discharge/episodes/{episode}", headers=team))["ended"]  # type: ignore[no-any-return]

        left = eventually(ended, "the episode discharged home")
        assert left is not None and left["kind"] == "discharged"
        eventually(lambda: free_bed_hours(client, auth, north, "P-A1") == 1.5, "the hours taken up")


def test_the_brokers_agency_book_rebuilds_from_the_topic_identically(
    runtime: Runtime, production_settings: Settings
) -> None:
    test_a_package_from_ready_to_started_on_kafka_and_postgres(runtime, production_settings)
    broker = runtime.services["broker"]
    assert isinstance(broker, Broker)
    views = [book_agencies, book_capacity, book_held]
    live = dump(broker.engine, views)
    assert live["book_agencies"] and live["book_capacity"]
    broker.rebuild_from_topics()
    assert dump(broker.engine, views) == live
