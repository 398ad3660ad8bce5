"""Helpers of the home care package journey through the three services' HTTP APIs: agencies
registered on Sefton's market with the hours they can start, a patient made ready on P1."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.e2e.journey import COUNCIL, TRUST, ok

Headers = Callable[[str, str], dict[str, str]]


def register_agency(
    client: TestClient, auth: Headers, n: int, zone: str, hours: dict[str, float]
) -> str:
    """Agency `n` of provider `P-A<n>`, serving `zone` for reablement, with `hours` a week
    free there from today."""
    provider = auth("provider", f"P-A{n}")
    body = {
        "cqc_location_id": f"1-80{n}", "name": f"Agency {n}", "provider_id": f"P-A{n}",
        "council_code": COUNCIL, "zones": [zone], "services": ["reablement", "long_term"],
    }  # fmt: skip
    agency = ok(client.post("/vacancies/agencies", json=body, headers=provider), 201)["agency_id"]
    report = {"zone": zone, "hours": hours, "available_from": date.today().isoformat()}
    ok(client.post(f"/vacancies/agencies/{agency}/capacity", json=report, headers=provider), 201)
    return str(agency)


def ready_on_p1(client: TestClient, auth: Headers, reference: str) -> str:
    team = auth("discharge", TRUST)
    admitted = datetime.now(UTC) - timedelta(days=6)
    body = {
        "reference": reference, "provider_code": TRUST, "provider_name": "Aintree",
        "ward": "Ward 7", "care_type": "acute", "la_code": COUNCIL, "la_name": "Sefton",
        "admitted_at": admitted.isoformat(),
    }  # fmt: skip
    episode = ok(client.post("/discharge/episodes", json=body, headers=team), 201)["episode_id"]
    ready = {"pathway": "P1", "occurred_at": (admitted + timedelta(days=4)).isoformat()}
    ok(client.post(f"/discharge/episodes/{episode}/ready", json=ready, headers=team))
    return str(episode)


def care(**overrides: Any) -> dict[str, Any]:
    """Two calls a day, morning and bed, 30 minutes each: 3.5 carer hours a week in each."""
    return {
        "calls_a_day": 2, "call_bands": ["morning", "bed"], "minutes_a_call": 30,
        "service": "reablement", "start_on": (date.today() + timedelta(days=1)).isoformat(),
        "postcode": "PR8 1AA",
    } | overrides  # fmt: skip


def free_bed_hours(client: TestClient, auth: Headers, agency: str, provider: str) -> float:
    view = ok(client.get(f"/vacancies/agencies/{agency}", headers=auth("provider", provider)))
    [zone] = view["capacity"]
    return float(zone["free_hours"]["bed"])


def delay_reasons(client: TestClient, auth: Headers, episode: str) -> list[str]:
    view = ok(client.get(f"/discharge/episodes/{episode}", headers=auth("discharge", TRUST)))
    return [h["detail"].get("code") for h in view["history"] if h["event"] == "DelayReasonSet"]
