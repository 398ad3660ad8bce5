"""End-to-end latency with the three services as separate processes on Kafka and PostgreSQL,
beside a plain `GET /health` round trip on the same processes."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from bench.cluster import cluster, until
from bench.common import Result, percentile
from events.platform.auth import Role, issue_token
from events.platform.settings import Settings

COUNCIL, TRUST, BED = "E08000014", "RVY", "nursing-dementia"
PROVIDER, TEAM, BROKER = ("provider", "P-1"), ("discharge", TRUST), ("broker", COUNCIL)
# the issue-19 target each p99 is judged by (bench/targets.py)
TARGETS = {
    ("vacancies -> matches", 99.0): "e2e-matches",
    ("ready -> waiting list", 99.0): "e2e-waiting",
}
HOME = {
    "cqc_location_id": "1-770", "name": "Home 0", "provider_id": PROVIDER[1],
    "local_authority_code": COUNCIL, "local_authority_name": "Sefton", "locality": "Bootle",
    "postcode": "L20 1AA", "latitude": 53.45, "longitude": -2.99, "registered_beds": 40,
    "registrations": ["nursing"], "care_categories": ["dementia"],
}  # fmt: skip


class Client:
    def __init__(self, urls: dict[str, str], secret: str) -> None:
        self.urls, self.secret, self.http = urls, secret, httpx.Client(timeout=30)

    def __call__(self, method: str, path: str, who: tuple[str, str], body: Any = None) -> Any:
        token = issue_token(self.secret, role=Role(who[0]), organisation=who[1])
        url = self.urls[path.split("/")[1]] + path
        r = self.http.request(method, url, json=body, headers={"Authorization": f"Bearer {token}"})
        assert r.is_success, f"{method} {path}: {r.status_code} {r.text}"
        return r.json()

    def admit(self, n: int) -> str:
        body = {
            "reference": f"{TRUST}-{n}", "provider_code": TRUST, "provider_name": "Aintree",
            "ward": "W9", "care_type": "acute", "la_code": COUNCIL, "la_name": "Sefton",
            "admitted_at": (datetime.now(UTC) - timedelta(days=5)).isoformat(),
        }  # fmt: skip
        return str(self("POST", "/discharge/episodes", TEAM, body)["episode_id"])

    def ready(self, episode: str) -> Callable[[], Any]:
        """Mark the episode ready on P3; return the check that finds it on the waiting list."""
        self("POST", f"/discharge/episodes/{episode}/ready", TEAM, {"pathway": "P3"})
        return lambda: next(
            (r for r in self("GET", "/broker/waiting-list", BROKER) if r["episode_id"] == episode),
            None,
        )

    def report(self, home: str, request: str, beds: int) -> Callable[[], bool]:
        """Report `beds` free; return the check that the broker's matching shows them."""
        self("POST", f"/vacancies/homes/{home}/vacancies", PROVIDER, {"free_beds": {BED: beds}})
        path = f"/broker/requests/{request}/matches"
        return lambda: any(
            m["home_id"] == home and m["available"] == beds for m in self("GET", path, BROKER)
        )


def _latencies(
    starts: list[Callable[[], Callable[[], Any]]], pause: float, seed: int
) -> list[float]:
    """Seconds from each command's return to its effect being seen. A random pause before
    each: commands sent as soon as the last one arrived would all land just after the relay's
    poll and measure its whole interval every time."""
    rng, out = random.Random(seed), []
    for start in starts:
        time.sleep(rng.uniform(0, pause))
        check = start()
        began = time.perf_counter()
        until(check, "the effect")
        out.append(time.perf_counter() - began)
    return out


def end_to_end(settings: Settings, samples: int, logs: Path, seed: int) -> list[Result]:
    """Benchmark 8: (a) vacancies reported -> broker's matches, (b) ready on P3 -> waiting list."""
    with cluster(settings, logs) as urls:
        c = Client(urls, settings.signing_secret)
        home = str(c("POST", "/vacancies/homes", PROVIDER, HOME)["home_id"])
        episodes = [c.admit(n) for n in range(samples + 1)]  # untimed
        request = until(c.ready(episodes.pop()), "the first request")["request_id"]
        needs = {"registration": "nursing", "care_category": "dementia", "funding": "council"}
        c("POST", f"/broker/requests/{request}/details", BROKER, needs)
        until(c.report(home, request, 1), "the home among the matches")
        interval = settings.relay_interval_seconds
        ours = {
            "vacancies -> matches": _latencies(
                [partial(c.report, home, request, 2 + i % 7) for i in range(samples)],
                interval,
                seed,
            ),
            "ready -> waiting list": _latencies(
                [partial(c.ready, e) for e in episodes], interval, seed
            ),
        }
        health = []
        for i in range(samples * 3):
            began = time.perf_counter()
            c.http.get(f"{list(urls.values())[i % 3]}/health").raise_for_status()
            health.append(time.perf_counter() - began)
    ms = {p: percentile(health, p) for p in (50.0, 99.0)}
    return [
        Result(
            f"8 e2e {name} p{pct:.0f}",
            "3 processes, PG+Kafka",
            f"{samples} samples",
            1 / percentile(seconds, pct),
            1 / ms[pct],
            "1/s",
            f"GET /health round trip ({len(health)}, over the 3 processes)",
            f"ours {percentile(seconds, pct) * 1e3:.0f} ms, /health {ms[pct] * 1e3:.1f} ms; "
            f"relay polls every {interval:g} s",
            target=TARGETS.get((name, pct), ""),
            figure=percentile(seconds, pct) * 1e3,
        )
        for name, seconds in ours.items()
        for pct in (50.0, 99.0)
    ]
