"""A provider's list of the referrals to its homes: what an assessment needs (the assessed
needs, urgency, the deadline, the answer, the assessment) and no more: no NHS number, no
name, no episode, ward or hospital reference, nothing of other providers' homes."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from services.runtime import Runtime
from services.simulation.clock import nhs_number
from tests.e2e.journey import COUNCIL, TRUST, ok, register_homes

Headers = Callable[[str, str], dict[str, str]]
NEEDS = {
    "registration": "nursing", "care_category": "dementia", "specialisms": ["dementia_nursing"],
    "preferred_localities": ["Formby"], "funding": "council", "urgency": "urgent",
}  # fmt: skip
NEEDED = {
    "request_id", "referral_id", "home_id", "home_name", "council_code", "location",
    "registration", "care_category", "specialisms", "funding", "urgency", "sent_at", "answer_by",
    "status", "answered_at", "decline_reason", "escalated", "assessment", "assessor",
    "assessment_on",
}  # fmt: skip


def referred_from_a_ward(
    runtime: Runtime, client: TestClient, auth: Headers, homes: list[str]
) -> tuple[str, str, str]:
    """A patient of the trust, made ready on P3, referred to `homes`: (NHS number, episode,
    request)."""
    nhs = nhs_number(random.Random(15))
    admitted = datetime.now(UTC) - timedelta(days=6)
    body = {
        "reference": "RVY-HOSP-4711", "provider_code": TRUST, "nhs_number": nhs,
        "provider_name": "Aintree", "ward": "Ward 9", "care_type": "acute", "la_code": COUNCIL,
        "la_name": "Sefton", "admitted_at": admitted.isoformat(),
    }  # fmt: skip
    team = auth("discharge", TRUST)
    episode = ok(client.post("/discharge/episodes", json=body, headers=team), 201)["episode_id"]
    ready = {"pathway": "P3", "occurred_at": (admitted + timedelta(days=2)).isoformat()}
    ok(client.post(f"/discharge/episodes/{episode}/ready", json=ready, headers=team))
    runtime.drain()
    broker = auth("broker", COUNCIL)
    waiting = ok(client.get("/broker/waiting-list", headers=broker))
    [request] = [w["request_id"] for w in waiting if w["episode_id"] == episode]
    url = f"/broker/requests/{request}"
    chosen = {**NEEDS, "preferred_home_ids": homes}  # the person's choice: of several providers
    ok(client.post(f"{url}/details", json=chosen, headers=broker))
    ok(client.post(f"{url}/referrals", json={"home_ids": homes}, headers=broker))
    return nhs.replace(" ", ""), str(episode), str(request)


def test_a_providers_referral_rows_hold_what_an_assessment_needs_and_no_more(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    homes = register_homes(client, auth, count=3)  # providers P-0, P-1, P-2
    runtime.drain()
    nhs, episode, request = referred_from_a_ward(runtime, client, auth, homes[1:])
    broker, provider = auth("broker", COUNCIL), auth("provider", "P-1")
    rows = ok(client.get("/broker/referrals", headers=provider))
    [sent] = rows
    assert sent["status"] == "sent" and sent["assessment"] is None
    referral = sent["referral_id"]
    answer = f"/broker/requests/{request}/referrals/{referral}/answer"
    ok(client.post(answer, json={"accept": True}, headers=provider))
    on = (date.today() + timedelta(days=2)).isoformat()
    booking = {"home_id": homes[1], "on": on}
    ok(client.post(f"/broker/requests/{request}/assessment", json=booking, headers=broker))
    [booked] = ok(client.get("/broker/referrals", headers=provider))
    assert (booked["assessment"], booked["assessment_on"]) == ("booked", on)
    outcome = {"home_id": homes[1], "can_meet_needs": True}
    ok(client.post(f"/broker/requests/{request}/assessment/outcome", json=outcome, headers=broker))

    answer_text = client.get("/broker/referrals", headers=provider)
    [row] = answer_text.json()
    assert set(row) == NEEDED
    expected: dict[str, Any] = {
        "request_id": request, "home_id": homes[1], "home_name": "Home 1",
        "council_code": COUNCIL, "location": "hospital", "registration": "nursing",
        "care_category": "dementia", "specialisms": ["dementia_nursing"], "funding": "council",
        "urgency": "urgent", "status": "accepted", "assessment": "met", "assessment_on": on,
    }  # fmt: skip
    assert {k: row[k] for k in expected} == expected
    assert row["answer_by"] > row["sent_at"]
    text = answer_text.text.replace(" ", "")
    for secret in (nhs, episode, "Ward 9".replace(" ", ""), "RVY-HOSP-4711", "Aintree"):
        assert secret not in text, f"{secret} in a provider's referrals"
    assert homes[2] not in text and "Formby" not in text  # another provider's home, choices

    [theirs] = ok(client.get("/broker/referrals", headers=auth("provider", "P-2")))
    assert theirs["home_id"] == homes[2] and theirs["status"] == "sent"
    assert theirs["assessment"] is None  # the assessment was the other home's
    assert ok(client.get("/broker/referrals", headers=auth("provider", "P-0"))) == []
