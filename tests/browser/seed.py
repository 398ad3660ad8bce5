"""A small borough seeded through the public HTTP APIs of a running Carebridge: care homes
with vacancies, patients delayed on several pathways, reasons and trusts (some since last
month, for the returns), and placement requests with referrals."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import httpx
from fastapi.testclient import TestClient

from tests.e2e.journey import COUNCIL, admit_and_make_ready, ok, register_homes

Headers = Callable[[str, str], dict[str, str]]

# reference, trust, LA code, LA name, pathway, days ready, DTOC reason, agency
DELAYED = [
    ("RVY-101", "RVY", COUNCIL, "Sefton", "P1", 1, "E", "Social Care"),
    ("RVY-102", "RVY", COUNCIL, "Sefton", "P1", 5, "E", "Social Care"),
    ("RVY-103", "RVY", COUNCIL, "Sefton", "P2", 9, "A", "NHS"),
    ("RVY-104", "RVY", COUNCIL, "Sefton", "P1", 16, "F", "Both"),
    ("RVY-105", "RVY", COUNCIL, "Sefton", "P2", 24, "B", "Social Care"),
    ("RTG-201", "RTG", "E06000015", "Derby", "P1", 2, "E", "NHS"),
    ("RTG-202", "RTG", "E06000015", "Derby", "P2", 11, "A", "Social Care"),
    ("RTG-203", "RTG", "E06000015", "Derby", "P1", 40, "O", "NHS"),
    ("RTG-204", "RTG", "E06000015", "Derby", "P0", 3, None, None),
]
P3_DAYS = (3, 12, 33)
TRUST_NAMES = {"RVY": "Aintree University Hospital", "RTG": "Royal Derby Hospital"}


@dataclass
class Borough:
    homes: list[str]
    episodes: dict[str, str] = field(default_factory=dict)  # reference -> episode id
    requests: list[str] = field(default_factory=list)


def delayed_patient(
    http: httpx.Client,
    auth: Headers,
    reference: str,
    trust: str,
    la: tuple[str, str],
    pathway: str,
    days: float,
    reason: str | None = None,
    agency: str | None = None,
) -> str:
    """Admit a patient, mark them ready `days` ago on `pathway`, and record the reason."""
    team = auth("discharge", trust)
    now = datetime.now(UTC)
    body = {
        "reference": reference, "provider_code": trust, "provider_name": TRUST_NAMES[trust],
        "site": "Main site", "ward": f"Ward {len(reference) + int(days) % 9}",
        "care_type": "acute", "la_code": la[0], "la_name": la[1],
        "admitted_at": (now - timedelta(days=days + 4)).isoformat(),
    }  # fmt: skip
    episode = ok(http.post("/discharge/episodes", json=body, headers=team), 201)["episode_id"]
    ready = {"pathway": pathway, "occurred_at": (now - timedelta(days=days)).isoformat()}
    ok(http.post(f"/discharge/episodes/{episode}/ready", json=ready, headers=team))
    if reason:
        why = {"code": reason, "agency": agency, "occurred_at": ready["occurred_at"]}
        ok(http.post(f"/discharge/episodes/{episode}/reason", json=why, headers=team))
    return str(episode)


def wait_for(what: str, check: Callable[[], Any], timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def seed(http: httpx.Client, auth: Headers) -> Borough:
    client = cast(TestClient, http)  # the journey helpers take any httpx-style client
    borough = Borough(register_homes(client, auth, count=4))
    for ref, trust, la_code, la_name, pathway, days, reason, agency in DELAYED:
        episode = delayed_patient(
            http, auth, ref, trust, (la_code, la_name), pathway, days, reason, agency
        )
        borough.episodes[ref] = episode
    for days in P3_DAYS:
        borough.episodes[f"RVY-{days}"] = admit_and_make_ready(client, auth, days_ago=days)
    broker = auth("broker", COUNCIL)

    def all_waiting() -> list[dict[str, Any]] | None:
        rows = ok(http.get("/broker/waiting-list", headers=broker))
        return rows if len(rows) == len(P3_DAYS) else None

    waiting = wait_for("the broker to open a request for each P3 patient", all_waiting)
    borough.requests = [r["request_id"] for r in waiting]
    first = borough.requests[0]
    needs = {"registration": "nursing", "care_category": "dementia", "funding": "council"}
    ok(http.post(f"/broker/requests/{first}/details", json=needs, headers=broker))
    refer = {"home_ids": borough.homes[1:3], "answer_within_hours": 48}
    ok(http.post(f"/broker/requests/{first}/referrals", json=refer, headers=broker))
    return borough
