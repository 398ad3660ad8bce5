"""The roles' daily mix for locust (`python -m bench.load` runs it headless and reads its CSV).

Each user class is one role doing what it does in a morning: a broker searches and refers, a
provider reports vacancies, a discharge team admits and marks patients ready, an escalation call
and an analyst read. The plan (tokens, home and provider ids) comes from the file named by
CAREBRIDGE_LOAD_PLAN, written by bench/load.py after it seeded the borough.
"""

from __future__ import annotations

import json
import os
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from locust import HttpUser, between, task

PLAN: dict[str, Any] = json.loads(open(os.environ["CAREBRIDGE_LOAD_PLAN"]).read())  # noqa: SIM115
BED_TYPES = [("nursing", "dementia"), ("nursing", "older_people"), ("residential", "dementia")]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class Broker(HttpUser):
    weight = 3
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.auth = bearer(PLAN["tokens"]["broker"])

    @task(4)
    def search(self) -> None:
        registration, category = random.choice(BED_TYPES)
        query = f"registration={registration}&care_category={category}"
        self.client.get(f"/vacancies/search?{query}", headers=self.auth, name="GET search")

    @task(2)
    def board(self) -> None:
        self.client.get("/vacancies/board", headers=self.auth, name="GET board")

    @task(2)
    def waiting_list(self) -> None:
        self.client.get("/broker/waiting-list", headers=self.auth, name="GET waiting list")

    @task(1)
    def refer(self) -> None:
        """Needs recorded, then a referral to a home not yet asked (a 409 for one already
        asked is the business answer, not an error: a broker double-clicking gets it too)."""
        waiting = self.client.get(
            "/broker/waiting-list", headers=self.auth, name="GET waiting list"
        ).json()
        if not waiting:
            return
        request = random.choice(waiting)["request_id"]
        needs = {"registration": "nursing", "care_category": "dementia", "funding": "council"}
        self.client.post(
            f"/broker/requests/{request}/details", json=needs, headers=self.auth, name="POST needs"
        )
        home = random.choice(PLAN["homes"])["home_id"]
        body = {"home_ids": [home], "answer_within_hours": 48}
        with self.client.post(
            f"/broker/requests/{request}/referrals",
            json=body,
            headers=self.auth,
            name="POST referral",
            catch_response=True,
        ) as answer:
            if answer.status_code in (200, 409):
                answer.success()


class Provider(HttpUser):
    weight = 2
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.home = random.choice(PLAN["homes"])
        self.auth = bearer(PLAN["tokens"]["providers"][self.home["provider_id"]])
        home = self.client.get(
            f"/vacancies/homes/{self.home['home_id']}", headers=self.auth, name="GET my home"
        ).json()
        # the bed types the home is registered for: any other is refused, rightly
        self.bed_types = [
            f"{registration}-{category}"
            for registration in home["registrations"]
            for category in home["care_categories"]
        ]

    @task(3)
    def report(self) -> None:
        free = {bed_type: random.randint(0, 3) for bed_type in self.bed_types}
        self.client.post(
            f"/vacancies/homes/{self.home['home_id']}/vacancies",
            json={"free_beds": free},
            headers=self.auth,
            name="POST vacancy report",
        )

    @task(1)
    def my_home(self) -> None:
        self.client.get(
            f"/vacancies/homes/{self.home['home_id']}", headers=self.auth, name="GET my home"
        )


class DischargeTeam(HttpUser):
    weight = 3
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.auth = bearer(PLAN["tokens"]["discharge"])

    @task(3)
    def live_delays(self) -> None:
        self.client.get("/discharge/live-delays", headers=self.auth, name="GET live delays")

    @task(1)
    def admit_and_ready(self) -> None:
        now = datetime.now(UTC)
        body = {
            "reference": f"LOAD-{uuid.uuid4().hex[:10]}", "provider_code": PLAN["trust"],
            "provider_name": "Load test trust", "ward": "Ward L", "care_type": "acute",
            "la_code": PLAN["council"], "la_name": "Load test council",
            "admitted_at": (now - timedelta(days=3)).isoformat(),
        }  # fmt: skip
        admitted = self.client.post(
            "/discharge/episodes", json=body, headers=self.auth, name="POST admit"
        )
        if admitted.status_code != 201:
            return
        episode = admitted.json()["episode_id"]
        ready = {"pathway": random.choice(["P1", "P2", "P3"]), "occurred_at": now.isoformat()}
        self.client.post(
            f"/discharge/episodes/{episode}/ready",
            json=ready,
            headers=self.auth,
            name="POST ready",
        )


class Escalation(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    @task
    def live_delays(self) -> None:
        auth = bearer(PLAN["tokens"]["escalation"])
        self.client.get("/discharge/live-delays", headers=auth, name="GET live delays (ICB)")


class Analyst(HttpUser):
    weight = 1
    wait_time = between(2, 5)

    @task
    def dtoc(self) -> None:
        auth = bearer(PLAN["tokens"]["analyst"])
        month = datetime.now(UTC).strftime("%Y-%m")
        self.client.get(
            f"/discharge/returns/dtoc?month={month}", headers=auth, name="GET DTOC return"
        )
