"""Every read of patient-level data is in the audit: who (role, organisation, subject, token),
what (the ids or the query and how many rows), when; the admin reads it at GET /audit."""

from __future__ import annotations

from fastapi.testclient import TestClient

from services.runtime import Runtime
from tests.e2e.journey import ok
from tests.hardening.test_patient_rows_kept_to_their_carers import Headers, seeded


def test_a_discharge_users_read_of_an_episode_is_in_the_audit_with_who_they_are(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    ids = seeded(runtime, client, auth)
    ok(client.get(f"/discharge/episodes/{ids['RTG']}", headers=auth("discharge", "RTG")))
    admin = auth("admin", "ops")
    [read] = ok(client.get(f"/audit?patient={ids['RTG']}&subject=discharge@RTG", headers=admin))
    assert (read["role"], read["organisation"], read["subject"]) == (
        "discharge",
        "RTG",
        "discharge@RTG",
    )
    assert read["kind"] == "episode" and read["ids"] == [ids["RTG"]]
    assert read["route"] == "/discharge/episodes/{episode_id}" and read["token_id"]


def test_lists_are_audited_with_their_query_and_rows_even_pseudonymised(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    ids = seeded(runtime, client, auth)
    ok(client.get("/discharge/live-delays?min_days=1", headers=auth("analyst", "NHSE")))
    admin = auth("admin", "ops")
    [read] = ok(client.get("/audit?organisation=NHSE", headers=admin))
    assert read["kind"] == "live delays" and read["rows"] == 2 and read["query"] == "min_days=1"
    assert sorted(read["ids"]) == sorted(
        ids.values()
    )  # the real ids, for the audit's patient search
    refused = client.get("/audit", headers=auth("analyst", "NHSE"))
    assert refused.status_code == 403
