"""Two trusts number their patients independently: the same hospital reference at REM and
RVY is two episodes, and neither trust's answers say anything of the other's."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from services.runtime import Runtime

Headers = Callable[[str, str], dict[str, str]]
REFERENCE = "V123456"


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(runtime.http_app()) as c:
        yield c


def admission(trust: str, reference: str = REFERENCE, **overrides: object) -> dict[str, object]:
    return {
        "reference": reference,
        "provider_code": trust,
        "provider_name": f"Trust {trust}",
        "care_type": "acute",
        "la_code": "E08000012",
        "la_name": "Liverpool",
        "admitted_at": "2019-12-01T08:00:00+00:00",
    } | overrides


def test_two_trusts_admit_one_reference_and_each_reads_only_its_own(
    client: TestClient, auth: Headers
) -> None:
    rem, rvy = auth("discharge", "REM"), auth("discharge", "RVY")
    first = client.post("/discharge/episodes", json=admission("REM"), headers=rem)
    second = client.post("/discharge/episodes", json=admission("RVY"), headers=rvy)
    assert (first.status_code, second.status_code) == (201, 201), second.text
    rem_id, rvy_id = first.json()["episode_id"], second.json()["episode_id"]
    assert rem_id != rvy_id

    for team, own, other, trust in ((rem, rem_id, rvy_id, "REM"), (rvy, rvy_id, rem_id, "RVY")):
        mine = client.get(f"/discharge/episodes/{own}", headers=team)
        assert mine.status_code == 200
        assert (mine.json()["provider_code"], mine.json()["reference"]) == (trust, REFERENCE)
        nobodys = uuid.uuid4()
        theirs = client.get(f"/discharge/episodes/{other}", headers=team)
        free = client.get(f"/discharge/episodes/{nobodys}", headers=team)
        assert theirs.status_code == free.status_code == 404
        assert theirs.json()["detail"].replace(other, "ID") == free.json()["detail"].replace(
            str(nobodys), "ID"
        )
        step = {"pathway": "P1", "occurred_at": "2019-12-02T09:00:00+00:00"}
        theirs = client.post(f"/discharge/episodes/{other}/ready", json=step, headers=team)
        free = client.post(f"/discharge/episodes/{nobodys}/ready", json=step, headers=team)
        assert theirs.status_code == free.status_code == 404


def test_a_reference_another_trust_holds_is_admitted_as_one_nobody_has(
    client: TestClient, auth: Headers
) -> None:
    client.post("/discharge/episodes", json=admission("REM"), headers=auth("discharge", "REM"))
    rvy = auth("discharge", "RVY")
    taken = client.post("/discharge/episodes", json=admission("RVY"), headers=rvy)
    free = client.post("/discharge/episodes", json=admission("RVY", "V999999"), headers=rvy)
    assert taken.status_code == free.status_code == 201
    assert set(taken.json()) == set(free.json()) and taken.json()["version"] == 1


def test_a_retry_finds_the_same_episode_and_an_admin_admits_for_the_trust_it_names(
    client: TestClient, auth: Headers
) -> None:
    rem = auth("discharge", "REM")
    body = admission("REM", command_id="ward-7-admit")
    first = client.post("/discharge/episodes", json=body, headers=rem)
    again = client.post("/discharge/episodes", json=body, headers=rem)
    assert first.json() == again.json()
    by_admin = client.post(
        "/discharge/episodes", json=admission("RVY"), headers=auth("admin", "ops")
    )
    assert by_admin.status_code == 201
    seen = client.get(f"/discharge/episodes/{by_admin.json()['episode_id']}", headers=rem)
    assert seen.status_code == 404  # RVY's, as the admin named it: not REM's


def test_a_time_without_an_offset_is_uk_local_time_in_the_api(
    client: TestClient, auth: Headers
) -> None:
    rem = auth("discharge", "REM")
    summer = admission("REM", "S1", admitted_at="2019-07-01T10:00")  # BST: 09:00 UTC
    winter = admission("REM", "W1", admitted_at="01/12/2019 10:00")  # as trackers write it
    for body, utc in ((summer, "2019-07-01T09:00:00Z"), (winter, "2019-12-01T10:00:00Z")):
        r = client.post("/discharge/episodes", json=body, headers=rem)
        assert r.status_code == 201, r.text
        seen = client.get(f"/discharge/episodes/{r.json()['episode_id']}", headers=rem).json()
        assert datetime.fromisoformat(seen["admitted_at"]) == datetime.fromisoformat(utc)


@pytest.mark.parametrize(
    ("local", "says"),
    [
        ("2019-10-27T01:30", "happens twice in UK time"),  # 01:30 BST, then 01:30 GMT
        ("2019-03-31T01:30", "does not exist in UK time"),  # the clocks jump 01:00 -> 02:00
    ],
)
def test_a_uk_time_the_clocks_make_ambiguous_or_impossible_is_a_clear_422(
    client: TestClient, auth: Headers, local: str, says: str
) -> None:
    rem = auth("discharge", "REM")
    r = client.post("/discharge/episodes", json=admission("REM", admitted_at=local), headers=rem)
    assert r.status_code == 422 and says in r.text, r.text
    assert r.json()["detail"][0]["loc"] == ["body", "admitted_at"]
    q = client.get(f"/discharge/returns/dtoc?month=2019-10&as_at={local}", headers=rem)
    assert q.status_code == 422 and says in q.text, q.text
    with_offset = admission("REM", "OK1", admitted_at=local + ":00+01:00")
    if "twice" in says:  # with its offset the same moment is clear
        assert client.post("/discharge/episodes", json=with_offset, headers=rem).status_code == 201
