"""A discharge team's worklist (its own patients, found by reference), a tracker file checked
before it is written, and what changed in the delays since a moment, by business time."""

# ruff: noqa: E501  (a tracker file's lines are as long as they are)

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from tests.discharge.api.test_http import admit, at, client

Headers = Callable[[str, str], dict[str, str]]
__all__ = ["client"]  # the fixture, used by name

TRACKER = """episode_id,at,event,provider_code,provider_name,la_code,la_name,care_type,reason_code,agency,pathway,destination
RTG-0001,2019-11-28 08:00,admitted,RTG,University Hospitals of Derby and Burton,E06000015,Derby,acute,,,,
RTG-0001,2019-12-02 10:00,ready,,,,,,A,Social Care,P3,
"""


def ready(client: TestClient, auth: Headers, ep: str, days: float, **reason: str) -> None:
    team = auth("discharge", "RTG")
    body = {"pathway": "P3", "occurred_at": at(days)}
    assert (
        client.post(f"/discharge/episodes/{ep}/ready", json=body, headers=team).status_code == 200
    )
    if reason:
        why = {"occurred_at": at(days), **reason}
        r = client.post(f"/discharge/episodes/{ep}/reason", json=why, headers=team)
        assert r.status_code == 200, r.text


def test_the_team_lists_its_patients_in_hospital_ready_or_not_and_finds_one_by_reference(
    client: TestClient, auth: Headers
) -> None:
    waiting = admit(client, auth, reference="RTG-W-1")
    delayed = admit(client, auth, reference="RTG-W-2", ward="Ward 3")
    ready(client, auth, delayed, 2, code="Dii", agency="Social Care")
    rem = {
        "reference": "REM-1",
        "provider_code": "REM",
        "provider_name": "Liverpool",
        "ward": "Ward 3",
    }
    rem |= {"care_type": "acute", "la_code": "E08000012", "la_name": "Liverpool"}
    rem |= {"admitted_at": at(0)}
    made = client.post("/discharge/episodes", json=rem, headers=auth("discharge", "REM"))
    assert made.status_code == 201, made.text
    team = auth("discharge", "RTG")
    rows = client.get("/discharge/episodes", headers=team).json()
    assert {r["reference"] for r in rows} == {"RTG-W-1", "RTG-W-2"}
    [row] = [r for r in rows if r["episode_id"] == delayed]
    assert row["status"] == "ready" and row["reason"] == "Dii" and row["days_since_ready"] == 8
    assert row["ward"] == "Ward 3" and row["blockers"][0]["code"] == "Dii"
    found = client.get("/discharge/episodes?reference=w-1", headers=team).json()
    assert [r["episode_id"] for r in found] == [waiting]
    ready_only = client.get("/discharge/episodes?status=ready", headers=team).json()
    assert [r["episode_id"] for r in ready_only] == [delayed]
    assert client.get("/discharge/episodes?reference=REM-1", headers=team).json() == []
    bad = client.get("/discharge/episodes?status=gone&limit=0", headers=team)
    assert bad.status_code == 422
    assert {tuple(e["loc"]) for e in bad.json()["detail"]} == {
        ("query", "status"),
        ("query", "limit"),
    }


def test_a_tracker_is_checked_without_writing_then_written_all_at_once(
    client: TestClient, auth: Headers
) -> None:
    team = auth("discharge", "RTG")
    checked = client.post("/discharge/imports/check", json={"csv": TRACKER}, headers=team)
    assert checked.status_code == 200, checked.text
    assert checked.json()["rows"] == 2 and not checked.json()["written"]
    assert client.get("/discharge/episodes?reference=RTG-0001", headers=team).json() == []
    done = client.post("/discharge/imports", json={"csv": TRACKER}, headers=team).json()
    assert done["written"] and done["rows"] == 2 and done["refused"] == []
    [row] = client.get("/discharge/episodes?reference=RTG-0001", headers=team).json()
    assert row["reason"] == "A" and row["pathway"] == "P3"
    again = client.post("/discharge/imports", json={"csv": TRACKER}, headers=team).json()
    assert again["rows"] == 0 and again["unchanged"] == 2


def test_another_trusts_rows_are_refused_and_nothing_is_written(
    client: TestClient, auth: Headers
) -> None:
    other = TRACKER.replace("RTG-0001", "REM-0009").replace(",RTG,", ",REM,")
    mixed = TRACKER.replace("RTG-0001", "RTG-0002") + "\n".join(other.splitlines()[1:]) + "\n"
    team = auth("discharge", "RTG")
    done = client.post("/discharge/imports", json={"csv": mixed}, headers=team).json()
    assert not done["written"]
    refused = {(r["line"], r["column"]) for r in done["refused"]}
    assert refused == {(4, "provider_code"), (5, "episode_id")}
    assert client.get("/discharge/episodes?reference=RTG-0002", headers=team).json() == []
    header = client.post("/discharge/imports/check", json={"csv": "a,b\n1,2\n"}, headers=team)
    assert header.status_code == 422 and header.json()["detail"][0]["loc"] == ["body", "csv"]


def test_what_changed_since_is_by_when_it_happened_not_when_it_was_recorded(
    client: TestClient, auth: Headers
) -> None:
    old = admit(client, auth, reference="RTG-C-1")
    ready(client, auth, old, 2, code="A", agency="NHS")
    since = datetime.now(UTC) - timedelta(hours=1)
    backdated = admit(client, auth, reference="RTG-C-2")
    ready(client, auth, backdated, 3, code="E", agency="NHS")  # typed now, happened last week
    fresh = admit(client, auth, reference="RTG-C-3")
    team = auth("discharge", "RTG")
    body = {"pathway": "P1"}
    assert client.post(f"/discharge/episodes/{fresh}/ready", json=body, headers=team).is_success
    why = {"code": "Dii", "agency": "Social Care", "owner_org": "E06000015"}
    assert client.post(f"/discharge/episodes/{old}/reason", json=why, headers=team).is_success
    call = auth("escalation", "QJ2")
    changes = client.get(
        "/discharge/live-delays/changes", params={"since": since.isoformat()}, headers=call
    ).json()
    kinds = {(c["episode_id"], c["change"]) for c in changes}
    assert (fresh, "new delay") in kinds and (old, "reason changed") in kinds
    assert not [c for c in changes if c["episode_id"] == backdated]
    [moved] = [c for c in changes if c["change"] == "reason changed"]
    assert moved["detail"]["before"]["code"] == "A" and moved["detail"]["after"]["code"] == "Dii"
    assert moved["detail"]["after"]["owner_org"] == "E06000015"
    elsewhere = auth("escalation", "QYG")
    assert (
        client.get(
            "/discharge/live-delays/changes", params={"since": since.isoformat()}, headers=elsewhere
        ).json()
        == []
    )
    far = client.get("/discharge/live-delays/changes?since=2019-01-01", headers=call)
    assert far.status_code == 422 and far.json()["detail"][0]["loc"] == ["query", "since"]


def test_a_delay_resolved_and_a_blocker_closed_since_are_told_with_how_and_when(
    client: TestClient, auth: Headers
) -> None:
    gone = admit(client, auth, reference="RTG-R-1")
    ready(client, auth, gone, 2, code="E", agency="NHS")
    helped = admit(client, auth, reference="RTG-R-2")
    ready(client, auth, helped, 2, code="A", agency="NHS")
    team = auth("discharge", "RTG")
    extra = {"code": "F", "agency": "NHS", "blocker_id": "equip-1", "occurred_at": at(3)}
    assert client.post(f"/discharge/episodes/{helped}/blockers", json=extra, headers=team)
    since = datetime.now(UTC) - timedelta(minutes=30)
    end = {"kind": "discharged", "destination": "home with care package"}
    assert client.post(f"/discharge/episodes/{gone}/end", json=end, headers=team).is_success
    url = f"/discharge/episodes/{helped}/blockers/equip-1/close"
    assert client.post(url, json={}, headers=team).is_success
    params = {"since": since.isoformat()}
    changes = client.get("/discharge/live-delays/changes", params=params, headers=team).json()
    assert {(c["episode_id"], c["change"]) for c in changes} == {
        (gone, "resolved"),
        (helped, "blocker closed"),
        (helped, "reason changed"),  # the latest open reason is A again
    }
    [moved] = [c for c in changes if c["change"] == "reason changed"]
    assert (moved["detail"]["before"]["code"], moved["detail"]["after"]["code"]) == ("F", "A")
    [resolved] = [c for c in changes if c["change"] == "resolved"]
    assert resolved["detail"]["how"]["destination"] == "home with care package"
    assert resolved["detail"]["reason"]["code"] == "E" and resolved["at"] >= since.isoformat()
    analyst = client.get(
        "/discharge/live-delays/changes", params=params, headers=auth("analyst", "NHSE")
    )
    hidden = analyst.json()
    assert {c["episode_id"] for c in hidden}.isdisjoint({gone, helped})
    assert all(c["ward"] == "" for c in hidden)
    assert "equip-1" not in analyst.text


def test_the_list_and_the_changes_are_audited_with_their_query_and_ids(
    client: TestClient, auth: Headers
) -> None:
    ep = admit(client, auth, reference="RTG-A-1")
    ready(client, auth, ep, 2, code="A", agency="NHS")
    team = auth("discharge", "RTG")
    assert client.get("/discharge/episodes?reference=A-1", headers=team).json()
    since = (datetime.now(UTC) - timedelta(days=20)).isoformat()
    assert client.get("/discharge/live-delays/changes", params={"since": since}, headers=team)
    reads = client.get(f"/audit?patient={ep}", headers=auth("admin", "ops")).json()
    kinds = {(r["kind"], r["route"], r["rows"]) for r in reads}
    assert kinds == {
        ("episodes", "/discharge/episodes", 1),
        ("live delay changes", "/discharge/live-delays/changes", 1),
    }
    assert all(r["ids"] == [ep] and r["subject"] == "discharge@RTG" for r in reads)
