"""Patient-level rows go only to those who care for the patient: a trust's discharge team sees
its own patients, a council's broker its own residents, an analyst pseudonymised rows with no
NHS number, and another trust's episode answers as one nobody has."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from events.bounds.codes import NHS_IN_TEXT, check_nhs_number
from services.runtime import Runtime
from tests.e2e.journey import ok

Headers = Callable[[str, str], dict[str, str]]
# (trust, council, NHS number): two trusts, each with a patient of another council
PATIENTS = [("RTG", "E06000015", "943 476 5919"), ("RVY", "E08000014", "401 023 2137")]


def admit_ready(
    client: TestClient, auth: Headers, trust: str, council: str, nhs: str, reference: str = ""
) -> str:
    team = auth("discharge", trust)
    admitted = datetime.now(UTC) - timedelta(days=6)
    body = {
        "reference": reference or f"{trust}-1", "provider_code": trust,
        "provider_name": f"Trust {trust}", "ward": "Ward 7", "care_type": "acute",
        "la_code": council, "la_name": "Somewhere",
        "nhs_number": nhs, "admitted_at": admitted.isoformat(),
    }  # fmt: skip
    episode = ok(client.post("/discharge/episodes", json=body, headers=team), 201)["episode_id"]
    ready = {"pathway": "P3", "occurred_at": (admitted + timedelta(days=2)).isoformat()}
    ok(client.post(f"/discharge/episodes/{episode}/ready", json=ready, headers=team))
    return str(episode)


def seeded(runtime: Runtime, client: TestClient, auth: Headers) -> dict[str, str]:
    """Each trust's episode id."""
    ids = {trust: admit_ready(client, auth, trust, la, nhs) for trust, la, nhs in PATIENTS}
    runtime.drain()
    return ids


def live(client: TestClient, headers: dict[str, str], query: str = "") -> list[dict[str, str]]:
    return ok(client.get(f"/discharge/live-delays{query}", headers=headers))  # type: ignore[no-any-return]


def test_a_trust_sees_only_its_own_patients_and_not_the_others_episodes(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    ids = seeded(runtime, client, auth)
    rtg = auth("discharge", "RTG")
    assert [r["episode_id"] for r in live(client, rtg)] == [ids["RTG"]]
    assert live(client, rtg, "?provider_code=RVY") == []
    theirs = client.get(f"/discharge/episodes/{ids['RVY']}", headers=rtg)
    nobody = client.get(f"/discharge/episodes/{'0' * 8}-0000-0000-0000-{'0' * 12}", headers=rtg)
    assert theirs.status_code == nobody.status_code == 404
    step = client.post(f"/discharge/episodes/{ids['RVY']}/not-ready", json={}, headers=rtg)
    assert step.status_code in (404, 422)  # never applied to the other trust's patient
    assert ok(client.get(f"/discharge/episodes/{ids['RVY']}", headers=auth("discharge", "RVY")))
    waiting = ok(client.get("/broker/waiting-list", headers=rtg))
    assert [w["episode_id"] for w in waiting] == [ids["RTG"]]


def test_a_council_sees_its_own_residents_delays(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    ids = seeded(runtime, client, auth)
    sefton = auth("broker", "E08000014")
    assert [r["episode_id"] for r in live(client, sefton)] == [ids["RVY"]]
    assert live(client, sefton, "?la_code=E06000015") == []
    assert client.get(f"/discharge/episodes/{ids['RVY']}", headers=sefton).status_code == 403


def test_the_analyst_gets_pseudonymised_rows_and_no_nhs_number_anywhere(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    ids = seeded(runtime, client, auth)
    analyst = auth("analyst", "NHSE")
    rows = live(client, analyst)
    assert len(rows) == 2 and not {r["episode_id"] for r in rows} & set(ids.values())
    assert {r["ward"] for r in rows} == {""}
    assert rows == live(client, analyst)  # the same pseudonym each time: rows can be counted
    assert client.get(f"/discharge/episodes/{ids['RTG']}", headers=analyst).status_code == 403
    waiting = ok(client.get("/broker/waiting-list", headers=analyst))
    assert waiting and not {w["episode_id"] for w in waiting} & set(ids.values())
    answers = [
        "/discharge/live-delays", "/broker/waiting-list", "/broker/unmet-demand",
        "/broker/responsiveness", "/vacancies/board", "/vacancies/search",
        "/discharge/returns/dtoc?month=2026-11", "/discharge/returns/nctr?month=2026-11",
        "/discharge/returns/drd?month=2026-11", f"/discharge/episodes/{ids['RTG']}",
    ]  # fmt: skip
    for path in answers:
        assert nhs_numbers_in(client.get(path, headers=analyst).text) == [], path


def nhs_numbers_in(text: str) -> list[str]:
    """Every valid NHS number standing alone in `text` (not inside a pseudonym's hex), written
    with or without 3-3-4 spaces or hyphens."""
    found = {re.sub(r"\D", "", m) for m in NHS_IN_TEXT.findall(text)}
    return sorted(n for n in found if is_nhs_number(n))


def is_nhs_number(digits: str) -> bool:
    try:
        check_nhs_number(digits)
    except ValueError:
        return False
    return True


def test_the_scan_finds_an_nhs_number_where_there_is_one(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    ids = seeded(runtime, client, auth)
    text = client.get(f"/discharge/episodes/{ids['RTG']}", headers=auth("discharge", "RTG")).text
    assert nhs_numbers_in(text) == ["9434765919"]
    # a pseudonym's hex can hold ten digits passing the check: it is not an NHS number (CI saw one)
    assert nhs_numbers_in('{"episode_id":"p-c3061944516e8569001c"}') == []


def test_other_roles_get_no_live_delays(client: TestClient, auth: Headers) -> None:
    assert client.get("/discharge/live-delays", headers=auth("provider", "P-1")).status_code == 403
