"""An ICB's escalation call sees the live delays of its trusts' patients and its councils'
residents (events/reference/icbs.csv), with their ids, and nothing of another ICB's; it opens
no episode, and a token is issued only for an ICB's code."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from events.platform.auth import BadOrganisation, Role, issue_token
from events.reference.icbs import icbs_of
from services.runtime import Runtime
from services.simulation import calibration
from tests.browser.seed import DELAYED
from tests.e2e.journey import ok
from tests.hardening.test_patient_rows_kept_to_their_carers import admit_ready, live

Headers = Callable[[str, str], dict[str, str]]
# name: (trust, council of residence, NHS number); QYG is Cheshire and Merseyside (RVY, REM,
# Sefton, Liverpool), QJ2 Derby and Derbyshire (RTG, Derby), QE1 Lancashire (E10000017), QT1
# Nottingham (RX1)
PATIENTS = {
    "rvy-sefton": ("RVY", "E08000014", "943 476 5919"),
    "rem-liverpool": ("REM", "E08000012", "401 023 2137"),
    "rvy-lancashire": ("RVY", "E10000017", "943 476 5005"),  # a QE1 resident at a QYG trust
    "rtg-sefton": ("RTG", "E08000014", "943 476 5013"),  # a QYG resident at a QJ2 trust
    "rtg-derby": ("RTG", "E06000015", "943 476 5021"),
    "rx1-derby": ("RX1", "E06000015", "943 476 5048"),  # a QJ2 resident at a QT1 trust
}
SEES = {
    "QYG": {"rvy-sefton", "rem-liverpool", "rvy-lancashire", "rtg-sefton"},
    "QJ2": {"rtg-sefton", "rtg-derby", "rx1-derby"},
}


def seeded(runtime: Runtime, client: TestClient, auth: Headers) -> dict[str, str]:
    """Each patient's episode id."""
    ids = {
        name: admit_ready(client, auth, trust, la, nhs, reference=name)
        for name, (trust, la, nhs) in PATIENTS.items()
    }
    runtime.drain()
    return ids


def seen(client: TestClient, headers: dict[str, str], query: str = "") -> set[str]:
    return {row["episode_id"] for row in live(client, headers, query)}


def test_each_icb_sees_the_delays_of_its_trusts_and_councils_with_their_ids(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    ids = seeded(runtime, client, auth)
    for icb, names in SEES.items():
        assert seen(client, auth("escalation", icb)) == {ids[n] for n in names}, icb
    rows = live(client, auth("escalation", "QYG"))
    assert {r["ward"] for r in rows} == {"Ward 7"}  # not pseudonymised: the call acts on them
    qe1 = auth("escalation", "QE1")
    assert seen(client, qe1) == {ids["rvy-lancashire"]}  # its resident, at another ICB's trust


def test_filters_narrow_within_the_icb_and_outside_it_give_nothing(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    ids = seeded(runtime, client, auth)
    qyg = auth("escalation", "QYG")
    assert seen(client, qyg, "?provider_code=RVY") == {ids["rvy-sefton"], ids["rvy-lancashire"]}
    assert seen(client, qyg, "?la_code=E08000014") == {ids["rvy-sefton"], ids["rtg-sefton"]}
    assert seen(client, qyg, "?provider_code=rem&la_code=E08000012") == {ids["rem-liverpool"]}
    for outside in ("?provider_code=RTG", "?la_code=E06000015", "?la_code=E10000017"):
        assert live(client, qyg, outside) == [], outside
    assert live(client, qyg, "?provider_code=RVY&la_code=E06000015") == []


def test_an_escalation_call_opens_no_episode_and_changes_none(
    runtime: Runtime, client: TestClient, auth: Headers
) -> None:
    ids = seeded(runtime, client, auth)
    qyg = auth("escalation", "QYG")
    assert client.get(f"/discharge/episodes/{ids['rvy-sefton']}", headers=qyg).status_code == 403
    step = client.post(f"/discharge/episodes/{ids['rvy-sefton']}/not-ready", json={}, headers=qyg)
    assert step.status_code in (403, 422)
    assert client.get("/broker/waiting-list", headers=qyg).status_code == 403


def test_an_escalation_call_reads_the_returns_and_the_vacancies(
    client: TestClient, auth: Headers
) -> None:
    qyg = auth("escalation", "QYG")
    ok(client.get("/discharge/returns/dtoc?month=2026-11", headers=qyg))
    ok(client.get("/vacancies/board", headers=qyg))
    ok(client.get("/vacancies/search", headers=qyg))
    assert client.get("/broker/unmet-demand", headers=qyg).status_code == 403


@pytest.mark.parametrize("org", ["", "RVY", "E08000014", "Q", "QYGX", "QZZ"])
def test_a_token_for_no_icb_is_refused_at_issue(org: str) -> None:
    with pytest.raises(BadOrganisation):
        issue_token("a-test-secret-of-at-least-thirty-two-characters", role=Role.ESCALATION,
                    organisation=org)  # fmt: skip


def test_every_trust_and_council_of_the_demo_belongs_to_an_icb() -> None:
    trusts = {p[0] for p in calibration.PROVIDERS} | {row[1] for row in DELAYED}
    councils = {r[0] for r in calibration.RESIDENCE} | {row[2] for row in DELAYED}
    councils |= {calibration.COUNCIL[0]} | {la for _, la, _ in PATIENTS.values()}
    trusts |= {trust for trust, _, _ in PATIENTS.values()}
    assert {code: icbs_of(code) for code in trusts | councils if not icbs_of(code)} == {}
    assert icbs_of("RVY") == icbs_of("E08000014") == ["QYG"]
    assert icbs_of("RTG") == icbs_of("E06000015") == ["QJ2"]
