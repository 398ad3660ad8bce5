"""A care home's provider records its own assessment of a person it accepted to assess, sees
it on its referrals, and sees its own homes' responsiveness as the councils see it (only its
own homes': another provider's rows are not in its answer)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from fastapi.testclient import TestClient

from services.runtime import Runtime
from tests.e2e.journey import COUNCIL, ok, register_homes

Headers = Callable[[str, str], dict[str, str]]
NEEDS = {"registration": "nursing", "care_category": "dementia", "funding": "council"}


def referred(client: TestClient, auth: Headers, homes: list[str]) -> tuple[str, list[str]]:
    """A request referred to `homes`: (request, referral ids in the same order)."""
    broker = auth("broker", COUNCIL)
    made = ok(client.post("/broker/requests", json=NEEDS, headers=broker), 201)
    request = str(made["request_id"])
    body = {"home_ids": homes}
    return request, ok(
        client.post(f"/broker/requests/{request}/referrals", json=body, headers=broker)
    )


def test_the_home_books_and_records_its_assessment_through_its_referral(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    homes = register_homes(client, auth, count=3)
    runtime.drain()
    request, (mine, theirs) = referred(client, auth, homes[1:3])
    p1, p2 = auth("provider", "P-1"), auth("provider", "P-2")
    url = f"/broker/requests/{request}/referrals/{mine}"
    on = (date.today() + timedelta(days=2)).isoformat()
    # not before the home accepted to assess
    assert client.post(url + "/assessment", json={"on": on}, headers=p1).status_code == 409
    ok(client.post(url + "/answer", json={"accept": True}, headers=p1))
    # another provider's home's referral answers as one nobody has
    assert client.post(url + "/assessment", json={"on": on}, headers=p2).status_code == 404
    bad = client.post(url + "/assessment", json={"on": "soon"}, headers=p1)
    assert bad.status_code == 422 and "on" in bad.text
    ok(
        client.post(
            url + "/assessment", json={"on": on, "assessor": "trusted_assessor"}, headers=p1
        )
    )
    [row] = ok(client.get("/broker/referrals", headers=p1))
    assert (row["assessment"], row["assessor"], row["assessment_on"]) == (
        "booked",
        "trusted_assessor",
        on,
    )
    ok(client.post(url + "/assessment/outcome", json={"can_meet_needs": True}, headers=p1))
    [row] = ok(client.get("/broker/referrals", headers=p1))
    assert row["assessment"] == "met"
    # the council sees the same on the request
    seen = ok(client.get(f"/broker/requests/{request}", headers=auth("broker", COUNCIL)))
    assert seen["referrals"][mine]["assessment"] == "met"
    decline = {"accept": False, "reason": "staffing"}
    ok(
        client.post(
            f"/broker/requests/{request}/referrals/{theirs}/answer", json=decline, headers=p2
        )
    )


def test_a_provider_sees_the_responsiveness_of_its_own_homes_only(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    homes = register_homes(client, auth, count=3)
    runtime.drain()
    request, (mine, theirs) = referred(client, auth, homes[1:3])
    answer = f"/broker/requests/{request}/referrals/{{}}/answer"
    decline = {"accept": False, "reason": "fee"}
    ok(client.post(answer.format(mine), json=decline, headers=auth("provider", "P-1")))
    ok(client.post(answer.format(theirs), json={"accept": True}, headers=auth("provider", "P-2")))
    [row] = ok(client.get("/broker/responsiveness", headers=auth("provider", "P-1")))
    assert row["home_id"] == homes[1] and row["provider_id"] == "P-1"
    assert row["referrals"] == row["answered"] == 1 and row["acceptance_rate"] == 0.0
    assert row["declined_by_reason"] == {"fee": 1}
    every = ok(client.get("/broker/responsiveness", headers=auth("broker", COUNCIL)))
    assert {r["provider_id"] for r in every} == {"P-1", "P-2"}
