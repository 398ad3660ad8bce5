"""FHIR R4 Encounters in and out: a round trip through the R4B models, readiness from
Interweave's medically-safe extension and the figures that follow, cancellations, refusals
as OperationOutcomes naming the element, and another trust kept out."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.encounter import Encounter

from services.discharge.domain.timeliness import NCTR_REMAINING
from services.discharge.fhir.codes import MEDICALLY_SAFE
from services.discharge.fhir.inbound import SAFE
from services.runtime import Runtime
from tests.discharge.fhir.encounters import NHS, encounter, safe

Headers = Callable[[str, str], dict[str, str]]
PATH = "/discharge/fhir/Encounter"
FHIR = "application/fhir+json"


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(runtime.http_app()) as c:
        yield c


def send(client: TestClient, method: str, url: str, body: Any, headers: dict[str, str]) -> Any:
    """As an integration engine sends it: the body in application/fhir+json."""
    import json

    return client.request(
        method, url, content=json.dumps(body), headers=headers | {"Content-Type": FHIR}
    )


def nctr_remaining(client: TestClient, auth: Headers, trust: str = "REM") -> int:
    rows = client.get("/discharge/returns/nctr?month=2019-12", headers=auth("analyst", "NHSE"))
    assert rows.status_code == 200, rows.text
    return sum(r[NCTR_REMAINING] for r in rows.json() if r["Code"] == trust)


def test_an_encounter_posted_reads_back_as_the_same_valid_uk_core_encounter(
    client: TestClient, auth: Headers
) -> None:
    rem = auth("discharge", "REM")
    made = send(client, "POST", PATH, encounter(), rem)
    assert made.status_code == 201, made.text
    assert made.headers["content-type"].startswith(FHIR)
    episode_id = made.json()["id"]
    assert made.headers["location"] == f"{PATH}/{episode_id}"

    read = client.get(f"{PATH}/{episode_id}", headers=rem)
    assert read.status_code == 200 and read.headers["content-type"].startswith(FHIR)
    back = Encounter.model_validate(read.json())
    assert back.identifier[0].value == "V100"
    assert back.status == "in-progress"
    assert back.period.start == datetime(2019, 12, 1, 8, tzinfo=UTC)
    assert back.period.end is None
    assert back.subject.identifier.value == NHS
    assert back.serviceProvider.identifier.value == "REM"
    assert back.location[0].location.display == "Ward 7"

    found = client.get(f"{PATH}?identifier=V100", headers=rem)
    bundle = Bundle.model_validate(found.json())
    assert bundle.type == "searchset" and bundle.total == 1
    assert bundle.entry[0].resource.id == episode_id

    again = send(client, "POST", PATH, encounter(), rem)  # an engine's resend
    assert again.status_code == 200 and again.json()["meta"] == read.json()["meta"]


def test_finished_ends_the_stay_and_the_encounter_says_where_to(
    client: TestClient, auth: Headers
) -> None:
    rem = auth("discharge", "REM")
    episode_id = send(client, "POST", PATH, encounter(), rem).json()["id"]
    end = "2019-12-09T15:00:00+00:00"
    body = encounter(status="finished", end=end, disposition="19", ward="Ward 8")
    done = send(client, "PUT", f"{PATH}/{episode_id}", body, rem)
    assert done.status_code == 200, done.text
    back = Encounter.model_validate(done.json())
    assert back.status == "finished"
    assert back.period.end == datetime(2019, 12, 9, 15, tzinfo=UTC)
    assert back.location[0].location.display == "Ward 8"  # moved before leaving
    assert back.hospitalization.dischargeDisposition.text == "home: usual place of residence"
    plain = client.get(f"/discharge/episodes/{episode_id}", headers=rem).json()
    assert plain["ended"]["kind"] == "discharged"
    kinds = [h["event"] for h in plain["history"]]
    assert send(client, "PUT", f"{PATH}/{episode_id}", body, rem).status_code == 200
    again = client.get(f"/discharge/episodes/{episode_id}", headers=rem).json()
    assert [h["event"] for h in again["history"]] == kinds  # the same Encounter: nothing new


def test_medically_safe_ready_sets_readiness_and_the_nctr_figures_follow(
    client: TestClient, auth: Headers
) -> None:
    rem = auth("discharge", "REM")
    assert nctr_remaining(client, auth) == 0
    ready = encounter(readiness=safe("ready", "2019-12-05T10:00:00+00:00"))
    made = send(client, "POST", PATH, ready, rem)
    assert made.status_code == 201, made.text
    parts = made.json()["hospitalization"]["extension"][0]
    assert parts["url"] == MEDICALLY_SAFE
    assert {"url": "status", "valueCode": "ready"} in parts["extension"]
    remaining = nctr_remaining(client, auth)
    assert remaining > 0  # not meeting the criteria to reside from 5 December

    unknown = send(
        client, "PUT", f"{PATH}/{made.json()['id']}", encounter(readiness=safe("unknown")), rem
    )
    assert unknown.status_code == 200 and nctr_remaining(client, auth) == remaining

    not_ready = encounter(readiness=safe("notready"))
    cleared = send(client, "PUT", f"{PATH}/{made.json()['id']}", not_ready, rem)
    assert cleared.status_code == 200, cleared.text
    status = cleared.json()["hospitalization"]["extension"][0]["extension"]
    assert status == [{"url": "status", "valueCode": "notready"}]
    plain = client.get(f"/discharge/episodes/{made.json()['id']}", headers=rem).json()
    assert plain["history"][-1]["event"] == "ReadinessWithdrawn"


def test_a_cancelled_encounter_withdraws_the_stay_and_it_is_counted_nowhere(
    client: TestClient, auth: Headers
) -> None:
    rem = auth("discharge", "REM")
    ready = encounter(readiness=safe("ready", "2019-12-05T10:00:00+00:00"))
    episode_id = send(client, "POST", PATH, ready, rem).json()["id"]
    assert nctr_remaining(client, auth) > 0
    cancelled = send(client, "PUT", f"{PATH}/{episode_id}", encounter(status="cancelled"), rem)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert nctr_remaining(client, auth) == 0
    assert client.get(f"/discharge/episodes/{episode_id}", headers=rem).json()["withdrawn"]


def _refusal(answer: Any, status: int, element: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith(FHIR)
    body = answer.json()
    assert body["resourceType"] == "OperationOutcome"
    assert body["issue"][0]["severity"] == "error"
    assert body["issue"][0].get("expression", [""])[0] == element, body


def test_bad_encounters_are_refused_with_an_operation_outcome_naming_the_element(
    client: TestClient, auth: Headers
) -> None:
    rem = auth("discharge", "REM")
    no_identifier = encounter() | {"identifier": []}
    _refusal(send(client, "POST", PATH, no_identifier, rem), 422, "Encounter.identifier")
    _refusal(
        send(client, "POST", PATH, encounter(nhs="9434765918"), rem),
        422,
        "Encounter.subject.identifier.value",
    )
    future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    _refusal(
        send(client, "POST", PATH, encounter(start=future), rem), 422, "Encounter.period.start"
    )
    bad_status = encounter(readiness=safe("maybe"))
    element = f"{SAFE}.extension('status').valueCode"
    _refusal(send(client, "POST", PATH, bad_status, rem), 422, element)
    _refusal(send(client, "POST", PATH, [1, 2], rem), 422, "Encounter")
    patient = {"resourceType": "Patient"}
    _refusal(send(client, "POST", PATH, patient, rem), 422, "Encounter.resourceType")
    other = send(client, "POST", PATH, encounter(trust="RVY"), rem)
    assert other.status_code == 403 and other.json()["resourceType"] == "OperationOutcome"
    nothing = client.get(f"{PATH}?identifier=V100", headers=rem).json()
    assert nothing["total"] == 0  # nothing refused was written


def test_another_trust_can_neither_read_nor_change_the_encounter(
    client: TestClient, auth: Headers
) -> None:
    rem, rvy = auth("discharge", "REM"), auth("discharge", "RVY")
    episode_id = send(client, "POST", PATH, encounter(), rem).json()["id"]
    _refusal(client.get(f"{PATH}/{episode_id}", headers=rvy), 404, "")
    _refusal(
        send(client, "PUT", f"{PATH}/{episode_id}", encounter(status="cancelled"), rvy), 404, ""
    )
    theirs = client.get(f"{PATH}?identifier=V100", headers=rvy).json()
    assert theirs["resourceType"] == "Bundle" and theirs["total"] == 0
    assert client.get(f"{PATH}/{episode_id}", headers=rem).json()["status"] == "in-progress"
    admin = auth("admin", "NHSE")
    found = client.get(f"{PATH}?identifier=V100&service-provider=REM", headers=admin).json()
    assert found["total"] == 1


def test_the_worklist_and_the_episode_say_which_stays_came_from_the_epr_feed(
    client: TestClient, auth: Headers
) -> None:
    rem = auth("discharge", "REM")
    from_fhir = send(
        client, "POST", PATH, encounter("V200", start="2026-01-05T08:00:00+00:00"), rem
    )
    assert from_fhir.status_code == 201, from_fhir.text
    typed = {
        "reference": "V201",
        "provider_code": "REM",
        "provider_name": "Trust REM",
        "care_type": "acute",
        "la_code": "E08000012",
        "la_name": "Liverpool",
        "admitted_at": "2026-01-05T09:00:00",
        "command_id": "ward-7-admit",  # a caller's own id cannot pass for the feed's
    }
    assert client.post("/discharge/episodes", json=typed, headers=rem).status_code == 201
    rows = client.get("/discharge/episodes?reference=V20", headers=rem).json()
    assert {r["reference"]: r["source"] for r in rows} == {"V200": "fhir", "V201": "typed"}
    one = client.get(f"/discharge/episodes/{from_fhir.json()['id']}", headers=rem).json()
    assert one["source"] == "fhir"


def test_a_new_stay_refused_for_its_readiness_is_not_admitted_either(
    client: TestClient, auth: Headers
) -> None:
    rem = auth("discharge", "REM")
    early = encounter(readiness=safe("ready", "2019-11-30T10:00:00+00:00"))
    element = f"{SAFE}.extension('actualDate')"
    _refusal(send(client, "POST", PATH, early, rem), 422, element)
    assert client.get(f"{PATH}?identifier=V100", headers=rem).json()["total"] == 0


def test_a_body_that_is_not_utf8_json_is_refused_with_an_operation_outcome(
    client: TestClient, auth: Headers
) -> None:
    """The fuzzer's case: bytes that are not UTF-8 sent as FHIR JSON (FastAPI cannot decode
    them, so no model sees them): the same FHIR refusal as any bad body."""
    answer = client.post(
        PATH, content=b"d\xffP", headers=auth("discharge", "REM") | {"Content-Type": FHIR}
    )
    _refusal(answer, 422, "Encounter")
