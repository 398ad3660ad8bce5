"""The three services as separate OS processes in production mode, and a driver that runs
whole placement journeys through their HTTP APIs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx

from events.platform.auth import Role, issue_token
from events.platform.settings import Settings

T = TypeVar("T")
PORTS = {"vacancies": 18201, "discharge": 18202, "broker": 18203}
COUNCIL = "E08000014"
TRUST = "RVY"


REPORT = Path(__file__).parents[3] / "tests" / "artifacts" / "fault-report.txt"


def record(line: str) -> None:
    """The fault suite's report: each fault injected, the journeys run, the checks made."""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    with REPORT.open("a") as report:
        report.write(f"{time.strftime('%H:%M:%S')} {line}\n")


def eventually(check: Callable[[], T], what: str, seconds: float = 90) -> T:
    deadline = time.monotonic() + seconds
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last:
                return last
        except httpx.HTTPError as exc:  # a service restarting: try again
            last = exc
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}; last saw {last!r}")


class ServiceProcess:
    def __init__(self, name: str, env: dict[str, str], logs: Path, port: int | None = None) -> None:
        self.name, self.env, self.logs = name, env, logs
        self.port = port or PORTS[name]
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        log = (self.logs / f"{self.name}-{self.port}-{self.starts}.log").open("wb")
        cmd = [sys.executable, "-m", "services.cli", "serve", self.name, "--port", str(self.port)]
        self.proc = subprocess.Popen(cmd, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        eventually(self._healthy, f"{self.name} to start", 60)

    def _healthy(self) -> bool:
        assert self.proc is not None and self.proc.poll() is None, f"{self.name} exited"
        return httpx.get(f"http://127.0.0.1:{self.port}/health", timeout=2).status_code == 200

    def kill(self) -> None:
        """SIGKILL: no chance to flush, commit or say goodbye."""
        assert self.proc is not None
        record(f"fault: SIGKILL {self.name} (pid {self.proc.pid}) with a bed reservation in flight")
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Driver:
    """Users of the three services, talking HTTP to whichever process serves the path."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client = httpx.Client(timeout=30)

    def auth(self, role: str, org: str) -> dict[str, str]:
        token = issue_token(self.settings.signing_secret, role=Role(role), organisation=org)
        return {"Authorization": f"Bearer {token}"}

    def call(
        self, method: str, path: str, who: tuple[str, str], body: Any = None, ok: int = 200
    ) -> Any:
        port = PORTS[path.split("/")[1]]
        r = self.client.request(
            method, f"http://127.0.0.1:{port}{path}", json=body, headers=self.auth(*who)
        )
        assert r.status_code == ok, f"{method} {path}: {r.status_code} {r.text}"
        return r.json()

    def register_homes(self, count: int, beds: int) -> list[str]:
        ids = []
        for i in range(count):
            who = ("provider", f"P-{i}")
            body = {
                "cqc_location_id": f"1-77{i}", "name": f"Home {i}", "provider_id": f"P-{i}",
                "local_authority_code": COUNCIL, "local_authority_name": "Sefton",
                "locality": "Bootle",
                "postcode": "L20 1AA", "latitude": 53.45, "longitude": -2.99, "registered_beds": 40,
                "registrations": ["nursing"], "care_categories": ["dementia"],
            }  # fmt: skip
            home = self.call("POST", "/vacancies/homes", who, body, 201)["home_id"]
            self.call(
                "POST",
                f"/vacancies/homes/{home}/vacancies",
                who,
                {"free_beds": {"nursing-dementia": beds}},
                201,
            )
            ids.append(home)
        return ids

    def journey(
        self, n: int, home: str, provider: str, after_offer: Callable[[], None] | None = None
    ) -> str:
        """One patient from ready on P3 to admitted into `home`; returns the episode id."""
        team, broker = ("discharge", TRUST), ("broker", COUNCIL)
        admitted = (datetime.now(UTC) - timedelta(days=5)).isoformat()
        body = {
            "reference": f"{TRUST}-{n}", "provider_code": TRUST, "provider_name": "Aintree",
            "ward": "W9",
            "care_type": "acute", "la_code": COUNCIL, "la_name": "Sefton", "admitted_at": admitted,
            "command_id": f"admit-{n}",
        }  # fmt: skip
        episode = self.call("POST", "/discharge/episodes", team, body, 201)["episode_id"]
        ready = {
            "pathway": "P3",
            "occurred_at": (datetime.now(UTC) - timedelta(days=2)).isoformat(),
            "command_id": f"ready-{n}",
        }
        self.call("POST", f"/discharge/episodes/{episode}/ready", team, ready)

        def waiting() -> dict[str, Any] | None:
            rows = self.call("GET", "/broker/waiting-list", broker)
            return next((r for r in rows if r["episode_id"] == episode), None)

        request = eventually(waiting, f"patient {n} on the waiting list")["request_id"]
        needs = {"registration": "nursing", "care_category": "dementia", "funding": "council"}
        self.call("POST", f"/broker/requests/{request}/details", broker, needs)
        eventually(
            lambda: any(
                m["home_id"] == home
                for m in self.call("GET", f"/broker/requests/{request}/matches", broker)
            ),
            f"{home} among the matches",
        )
        [referral] = self.call(
            "POST", f"/broker/requests/{request}/referrals", broker, {"home_ids": [home]}
        )
        self.call(
            "POST",
            f"/broker/requests/{request}/referrals/{referral}/answer",
            ("provider", provider),
            {"accept": True},
        )
        self.call(
            "POST",
            f"/broker/requests/{request}/assessment",
            broker,
            {"home_id": home, "on": "2026-11-20"},
        )
        self.call(
            "POST",
            f"/broker/requests/{request}/assessment/outcome",
            broker,
            {"home_id": home, "can_meet_needs": True},
        )
        offer_id = f"00000000-0000-4000-8000-{n:012d}"
        self.call(
            "POST",
            f"/broker/requests/{request}/offers",
            broker,
            {"home_id": home, "weekly_fee": 1000, "offer_id": offer_id},
            202,
        )
        if after_offer is not None:
            after_offer()  # a fault while the saga is in flight
        eventually(
            lambda: self.call("GET", f"/broker/requests/{request}", broker)["stage"] == "offered",
            f"the bed held for patient {n}",
        )
        self.call("POST", f"/broker/requests/{request}/offers/{offer_id}/accept", broker)
        self.call("POST", f"/broker/requests/{request}/offers/{offer_id}/admitted", broker, {})
        record(f"journey {n}: ready on P3, request, referral, assessment, offer, held, admitted")
        return str(episode)

    def episode_ended(self, episode: str) -> bool:
        return bool(
            self.call("GET", f"/discharge/episodes/{episode}", ("discharge", TRUST))["ended"]
        )

    def free_beds(self, home: str, provider: str) -> int:
        return int(
            self.call("GET", f"/vacancies/homes/{home}", ("provider", provider))["free_beds"][
                "nursing-dementia"
            ]
        )


def process_env(settings: Settings, extra: dict[str, str] | None = None) -> dict[str, str]:
    from tests.integration.conftest import settings_env

    env = settings_env(settings)
    env["PYTHONPATH"] = str(Path(__file__).parents[3])
    env.update(extra or {})
    return env


__all__ = ["Driver", "ServiceProcess", "eventually", "process_env", "record", "os"]
