"""The broker API's answers to bad input, other councils' brokers and suspended homes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from services.runtime import Runtime
from tests.e2e.journey import COUNCIL, ok, register_homes

Headers = Callable[[str, str], dict[str, str]]
NEEDS = {"registration": "nursing", "care_category": "dementia", "funding": "council"}


def open_request(client: TestClient, auth: Headers) -> str:
    body = ok(client.post("/broker/requests", json=NEEDS, headers=auth("broker", COUNCIL)), 201)
    return str(body["request_id"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**NEEDS, "registration": "hotel"}, "registration"),
        ({**NEEDS, "care_category": "teenagers"}, "care_category"),
        ({**NEEDS, "funding": "lottery"}, "funding"),
        ({**NEEDS, "specialisms": ["swimming"]}, "specialisms"),
        ({k: v for k, v in NEEDS.items() if k != "funding"}, "funding"),
    ],
)
def test_bad_needs_are_a_422_naming_the_field(
    client: TestClient, auth: Headers, body: dict[str, object], field: str
) -> None:
    r = client.post("/broker/requests", json=body, headers=auth("broker", COUNCIL))
    assert r.status_code == 422
    assert field in [str(x) for x in r.json()["detail"][0]["loc"]]


def test_another_councils_broker_and_strangers_get_no_data(
    client: TestClient, auth: Headers
) -> None:
    request = open_request(client, auth)
    assert client.get(f"/broker/requests/{request}").status_code == 401
    theirs_asked = client.get(f"/broker/requests/{request}", headers=auth("broker", "E08000012"))
    assert theirs_asked.status_code == 404  # as for a request nobody has: ids cannot be probed
    assert client.get("/broker/waiting-list", headers=auth("provider", "P-1")).status_code == 403
    theirs = ok(client.get("/broker/waiting-list", headers=auth("broker", "E08000012")))
    assert theirs == []


def test_no_referral_to_a_suspended_home(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    homes = register_homes(client, auth, count=2)
    suspend = {"reason": "safeguarding", "note": "section 42 enquiry"}
    ok(
        client.post(
            f"/vacancies/homes/{homes[1]}/suspension", json=suspend, headers=auth("broker", COUNCIL)
        )
    )
    runtime.drain()
    request = open_request(client, auth)
    r = client.post(
        f"/broker/requests/{request}/referrals",
        json={"home_ids": [homes[1]]},
        headers=auth("broker", COUNCIL),
    )
    assert r.status_code == 409 and "not taking new placements" in r.json()["detail"]
    names = [
        m["name"]
        for m in ok(
            client.get(f"/broker/requests/{request}/matches", headers=auth("broker", COUNCIL))
        )
    ]
    assert "Home 1" not in names


def test_a_referral_to_several_homes_is_sent_to_all_or_none(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    homes = register_homes(client, auth, count=3)
    suspend = {"reason": "safeguarding", "note": "section 42 enquiry"}
    broker = auth("broker", COUNCIL)
    ok(client.post(f"/vacancies/homes/{homes[2]}/suspension", json=suspend, headers=broker))
    runtime.drain()
    request = open_request(client, auth)
    before = ok(client.get(f"/broker/requests/{request}", headers=broker))["version"]
    r = client.post(
        f"/broker/requests/{request}/referrals", json={"home_ids": homes[1:]}, headers=broker
    )
    assert r.status_code == 409 and "not taking new placements" in r.json()["detail"]
    # Home 1 could have been referred to, but the command was refused as a whole
    assert ok(client.get(f"/broker/requests/{request}", headers=broker))["version"] == before
    assert ok(client.get("/broker/referrals", headers=auth("provider", "P-1"))) == []


def test_an_offer_before_the_assessment_is_a_409(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    homes = register_homes(client, auth, count=2)
    runtime.drain()
    request = open_request(client, auth)
    broker = auth("broker", COUNCIL)
    [referral] = ok(
        client.post(
            f"/broker/requests/{request}/referrals", json={"home_ids": [homes[1]]}, headers=broker
        )
    )
    r = client.post(
        f"/broker/requests/{request}/offers",
        json={"home_id": homes[1], "weekly_fee": 900},
        headers=broker,
    )
    assert r.status_code == 409 and "accepted" in r.json()["detail"]
    ok(
        client.post(
            f"/broker/requests/{request}/referrals/{referral}/answer",
            json={"accept": True},
            headers=auth("provider", "P-1"),
        )
    )
    r = client.post(
        f"/broker/requests/{request}/offers",
        json={"home_id": homes[1], "weekly_fee": 900},
        headers=broker,
    )
    assert r.status_code == 409 and "assessment" in r.json()["detail"]
    responsiveness = ok(client.get("/broker/responsiveness", headers=broker))
    assert responsiveness[0]["referrals"] == 1 and responsiveness[0]["acceptance_rate"] == 1.0


def test_a_request_is_opened_for_the_callers_council_or_the_one_an_admin_names(
    client: TestClient, auth: Headers
) -> None:
    admin = auth("admin", "ops")
    unnamed = client.post("/broker/requests", json=NEEDS, headers=admin)
    assert unnamed.status_code == 422 and unnamed.json()["detail"][0]["loc"][-1] == "council_code"
    named = ok(
        client.post("/broker/requests", json={**NEEDS, "council_code": COUNCIL}, headers=admin), 201
    )
    mine = auth("broker", COUNCIL)
    assert ok(client.get(f"/broker/requests/{named['request_id']}", headers=mine))
    other = {**NEEDS, "council_code": "E08000012"}
    assert client.post("/broker/requests", json=other, headers=mine).status_code == 403


def test_a_home_suspended_by_one_council_still_takes_the_others_referrals(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    """Liverpool suspends its own placements at a Sefton home: Liverpool's requests are
    neither matched nor referred there, Sefton's still are."""
    homes = register_homes(client, auth, count=2)
    liverpool, sefton = auth("broker", "E08000012"), auth("broker", COUNCIL)
    suspend = {"reason": "escalating_concerns"}
    ok(client.post(f"/vacancies/homes/{homes[1]}/suspension", json=suspend, headers=liverpool))
    runtime.drain()
    # each council's request, the person choosing the home (so it is matched out of area)
    needs = {**NEEDS, "preferred_home_ids": [homes[1]]}
    theirs = ok(client.post("/broker/requests", json=needs, headers=liverpool), 201)["request_id"]
    ours = ok(client.post("/broker/requests", json=needs, headers=sefton), 201)["request_id"]

    def matched(request: str, headers: dict[str, str]) -> bool:
        found = ok(client.get(f"/broker/requests/{request}/matches", headers=headers))
        return homes[1] in [m["home_id"] for m in found]

    assert not matched(theirs, liverpool) and matched(ours, sefton)
    refer = {"home_ids": [homes[1]]}
    r = client.post(f"/broker/requests/{theirs}/referrals", json=refer, headers=liverpool)
    assert r.status_code == 409 and "not taking new placements" in r.json()["detail"]
    ok(client.post(f"/broker/requests/{ours}/referrals", json=refer, headers=sefton))
    seen = [ok(client.get(f"/broker/homes/{homes[1]}", headers=h)) for h in (liverpool, sefton)]
    assert [s["taking_placements"] for s in seen] == [False, True]

    ok(client.post(f"/vacancies/homes/{homes[1]}/resumption", json={}, headers=liverpool))
    runtime.drain()
    assert matched(theirs, liverpool)
