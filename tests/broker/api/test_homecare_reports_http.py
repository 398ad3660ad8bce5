"""The home care reports over HTTP, on the week of tests/broker/homecare_story.py: the
broker of Sefton reads Sefton's figures, another council's broker is answered 404, an
analyst reads any council's, a provider only its own agencies' answers, and a council code
that cannot be one is a 422 naming it."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from services.runtime import Runtime
from tests.broker.homecare_story import SEFTON, tell

Headers = Callable[[str, str], dict[str, str]]
SEFTONS = f"/broker/homecare/councils/{SEFTON}"


def test_a_councils_broker_and_an_analyst_read_its_reports_another_council_gets_404(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    tell(runtime)
    mine, analyst = auth("broker", SEFTON), auth("analyst", "ANALYST-1")
    board = client.get(f"{SEFTONS}/capacity", headers=mine)
    assert board.status_code == 200
    north_bed = [r for r in board.json() if (r["zone"], r["band"]) == ("SEF-NORTH", "bed")]
    assert [(r["offered"], r["requested"], r["gap"]) for r in north_bed] == [(3, 3.5, -0.5)]
    assert client.get(f"{SEFTONS}/capacity", headers=analyst).json() == board.json()
    waiting = client.get(f"{SEFTONS}/waiting", headers=analyst).json()
    assert sum(r["people"] for r in waiting) == 4
    assert "request_id" not in str(waiting) and "episode_id" not in str(waiting)
    for report in ("capacity", "unmet", "responsiveness", "sourced-within", "waiting"):
        other = client.get(f"{SEFTONS}/{report}", headers=auth("broker", "E08000012"))
        assert other.status_code == 404, report


def test_a_provider_reads_only_how_its_own_agencies_answer(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    tell(runtime)
    url = "/broker/homecare/my-agencies/responsiveness"
    rows = client.get(url, headers=auth("provider", "P-2")).json()
    assert [(r["name"], r["offers"], r["accepted"]) for r in rows] == [("North 2", 2, 0)]
    forbidden = client.get(f"{SEFTONS}/responsiveness", headers=auth("provider", "P-2"))
    assert forbidden.status_code == 403


def test_a_council_code_that_cannot_be_one_is_refused_naming_it(
    client: TestClient, auth: Headers
) -> None:
    answer = client.get("/broker/homecare/councils/SEFTON/capacity", headers=auth("analyst", "A"))
    assert answer.status_code == 422
    assert "council_code" in answer.text
