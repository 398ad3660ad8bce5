"""One person's whole journey on the embedded default, through the three services' APIs."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from events.envelope import Envelope
from services.runtime import Runtime
from tests.e2e.journey import COUNCIL, admit_and_make_ready, ok, register_homes

Headers = Callable[[str, str], dict[str, str]]
SAGA = {"vacancies.BedReserved", "vacancies.BedOccupied"}


def test_ready_on_p3_to_admitted_with_the_delay_split_between_reasons(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    homes = register_homes(client, auth)
    episode = admit_and_make_ready(client, auth, days_ago=6)
    runtime.drain()
    broker = auth("broker", COUNCIL)
    [waiting] = ok(client.get("/broker/waiting-list", headers=broker))
    assert waiting["episode_id"] == episode and waiting["stage"] == "needs_details"
    assert waiting["where_now"] == "Aintree, Ward 9"
    request = waiting["request_id"]
    needs = {"registration": "nursing", "care_category": "dementia", "funding": "council",
             "preferred_localities": ["Bootle"], "urgency": "urgent"}  # fmt: skip
    ok(client.post(f"/broker/requests/{request}/details", json=needs, headers=broker))
    runtime.drain()
    matches = ok(client.get(f"/broker/requests/{request}/matches", headers=broker))
    # Home 0 has no bed; Home 1 is in the preferred locality; then the freshest report first
    assert [m["name"] for m in matches] == ["Home 1", "Home 3", "Home 2"]
    assert "in a preferred locality (Bootle)" in matches[0]["reasons"]
    referred = ok(
        client.post(
            f"/broker/requests/{request}/referrals",
            json={"home_ids": [m["home_id"] for m in matches]},
            headers=broker,
        )
    )
    assert len(referred) == 3
    provider = auth("provider", "P-1")
    ok(
        client.post(
            f"/broker/requests/{request}/referrals/{referred[0]}/answer",
            json={"accept": True},
            headers=provider,
        )
    )
    # a provider cannot answer for another provider's home
    other = client.post(
        f"/broker/requests/{request}/referrals/{referred[1]}/answer",
        json={"accept": True},
        headers=provider,
    )
    assert other.status_code == 404  # as for a referral nobody has: ids cannot be probed
    decline = {"accept": False, "reason": "cannot_meet_needs"}
    ok(
        client.post(
            f"/broker/requests/{request}/referrals/{referred[1]}/answer",
            json=decline,
            headers=auth("provider", "P-3"),
        )
    )
    home = homes[1]
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
    offered = ok(
        client.post(
            f"/broker/requests/{request}/offers",
            json={"home_id": home, "weekly_fee": 1100},
            headers=broker,
        ),
        202,
    )
    assert offered["stage"] == "offer_pending"
    runtime.drain()
    detail = ok(client.get(f"/broker/requests/{request}", headers=broker))
    [offer_id] = detail["offers"]
    assert detail["stage"] == "offered"
    # the bed is held at the home: no nursing-dementia bed left to find there
    assert "Home 1" not in [
        m["name"] for m in ok(client.get(f"/broker/requests/{request}/matches", headers=broker))
    ]
    ok(client.post(f"/broker/requests/{request}/offers/{offer_id}/accept", headers=broker))
    ok(
        client.post(
            f"/broker/requests/{request}/offers/{offer_id}/admitted", json={}, headers=broker
        )
    )
    runtime.drain()
    assert ok(client.get("/broker/waiting-list", headers=broker)) == []
    team = auth("discharge", "RVY")
    assert ok(client.get("/discharge/live-delays", headers=team)) == []
    episode_view = ok(client.get(f"/discharge/episodes/{episode}", headers=team))
    assert episode_view["ended"]["kind"] == "discharged"
    home_view = ok(client.get(f"/vacancies/homes/{home}", headers=auth("provider", "P-1")))
    assert home_view["free_beds"]["nursing-dementia"] == 0
    reasons = [
        h["detail"].get("code") for h in episode_view["history"] if h["event"] == "DelayReasonSet"
    ]
    assert reasons[0] == "Dii" and "A" in reasons


def published(runtime: Runtime, service: str) -> list[Envelope]:
    """Every integration event the service has published, from its outbox."""
    svc = runtime.services[service]
    out: list[Envelope] = []
    for note in svc.app.outbox.select_notifications(1, 100_000):  # type: ignore[attr-defined]
        out.extend(env for _, env in svc.relay.translate(note))
    return out


def test_one_journey_carries_one_correlation_id_through_the_three_services(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    test_ready_on_p3_to_admitted_with_the_delay_split_between_reasons(runtime, client, auth)
    [episode] = {str(e.aggregate_id) for e in published(runtime, "discharge")}
    journey = uuid.UUID(episode)
    assert {e.correlation_id for e in published(runtime, "discharge")} == {journey}
    assert {e.correlation_id for e in published(runtime, "broker")} == {journey}
    holds = [e for e in published(runtime, "vacancies") if e.event_type in SAGA]
    assert holds and {e.correlation_id for e in holds} == {journey}
    caused = [e for e in published(runtime, "discharge") if e.causation_id is not None]
    assert {e.event_type for e in caused} >= {"discharge.DelayReasonSet", "discharge.EpisodeEnded"}


@pytest.mark.parametrize(
    ("ready", "on_the_list"),
    [
        ({"pathway": "P2", "setting": "care_home"}, True),
        ({"pathway": "P2", "setting": "community_hospital"}, False),
        ({"pathway": "P2"}, False),
        ({"pathway": "P1", "setting": "home"}, False),
    ],
)
def test_p2_to_a_care_home_bed_is_brokered_like_p3(
    runtime: Runtime, client: TestClient, auth: Headers, ready: dict[str, str], on_the_list: bool
) -> None:
    team = auth("discharge", "RVY")
    body = {
        "reference": "p2-1", "provider_code": "RVY", "provider_name": "Aintree", "ward": "W9",
        "care_type": "acute", "la_code": COUNCIL, "la_name": "Sefton",
        "admitted_at": "2026-11-01T10:00:00Z",
    }  # fmt: skip
    episode = ok(client.post("/discharge/episodes", json=body, headers=team), 201)["episode_id"]
    ok(client.post(f"/discharge/episodes/{episode}/ready", json=ready, headers=team))
    runtime.drain()
    waiting = ok(client.get("/broker/waiting-list", headers=auth("broker", COUNCIL)))
    assert [w["episode_id"] for w in waiting] == ([episode] if on_the_list else [])
