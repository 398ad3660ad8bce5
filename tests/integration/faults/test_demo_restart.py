"""Issue 5, tried as a new user would: the simulated borough driven over HTTP into the three
services as separate processes (PostgreSQL, Kafka), once uninterrupted and once with each
service SIGKILLed in the middle of the run and started again. The client retries every call
until the service is back (each command is safe to repeat), and every figure a user reads
(the monthly returns, live delays, waiting list, vacancy board and search, the broker's
figures) comes out equal, and equal to the same seed run embedded in one process.

Wall-clock fields only are left out (`services/simulation/remote/figures.py`): recorded_at,
last_change_at, report_age_hours."""

from __future__ import annotations

import signal
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql
from pydantic import SecretStr

from events.platform.auth import Role, issue_token
from events.platform.settings import Settings
from services.runtime import Runtime
from services.simulation.clock import history_end, uk_day
from services.simulation.remote import RemoteRuntime
from services.simulation.remote.figures import snapshot
from services.simulation.simulation import Config, Simulation
from tests.integration.conftest import SECRET, TEST_CIPHER_KEY, Servers
from tests.integration.faults.cluster import ServiceProcess, process_env, record

pytestmark = [pytest.mark.integration, pytest.mark.faults]
NAMES = ("vacancies", "discharge", "broker")
CONFIG = Config(seed=11, days=8, homes=16, end=history_end())
FIRST, LAST = (
    uk_day(CONFIG.end or history_end()) - timedelta(days=CONFIG.days),
    uk_day(CONFIG.end or history_end()),
)
Figures = dict[str, Any]


@pytest.fixture
def fresh_settings(servers: Servers, tmp_path: Path) -> Iterator[Callable[[str], Settings]]:
    """Production settings on a database and topic prefix of their own, per run."""
    made: list[str] = []

    def make(run: str) -> Settings:
        name = f"cb_demo_{run}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(servers.postgres_url, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        made.append(name)
        prefix = f"d{uuid.uuid4().hex[:8]}."
        return Settings(  # type: ignore[call-arg]
            _env_file=None,
            data_dir=tmp_path / run,
            postgres_url=f"{servers.postgres_url.rpartition('/')[0]}/{name}",
            kafka_bootstrap=servers.kafka_bootstrap,
            topic_prefix=prefix,
            consumer_group_prefix=prefix,
            jwt_secret=SecretStr(SECRET),
            cipher_key=SecretStr(TEST_CIPHER_KEY),
            relay_interval_seconds=0.05,
            sweep_interval_seconds=0,
        )

    yield make
    with psycopg.connect(servers.postgres_url, autocommit=True) as conn:
        for name in made:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def services(settings: Settings, logs: Path, base: int) -> dict[str, ServiceProcess]:
    env = process_env(
        settings,
        {
            "CAREBRIDGE_SWEEP_INTERVAL_SECONDS": "0",  # the simulation sweeps at its own times
            "CAREBRIDGE_RELAY_INTERVAL_SECONDS": "0.05",
            "CAREBRIDGE_POSTGRES_CONNECT_TIMEOUT": "1",
        },
    )
    logs.mkdir(parents=True, exist_ok=True)
    procs = {n: ServiceProcess(n, env, logs, port=base + i) for i, n in enumerate(NAMES)}
    for proc in procs.values():
        proc.start()
    return procs


def remote_run(
    settings: Settings,
    procs: dict[str, ServiceProcess],
    arm: Callable[[Simulation, RemoteRuntime], None],
) -> tuple[Figures, RemoteRuntime]:
    urls = {n: f"http://127.0.0.1:{p.port}" for n, p in procs.items()}
    runtime = RemoteRuntime(urls, settings)
    sim = Simulation(runtime, CONFIG)
    arm(sim, runtime)
    sim.run()
    figures = snapshot(lambda p, q=None: runtime.api.call("GET", p, params=q), FIRST, LAST)
    return figures, runtime


def embedded_run() -> Figures:
    with tempfile.TemporaryDirectory() as folder:
        runtime = Runtime(Settings(_env_file=None, data_dir=Path(folder)))  # type: ignore[call-arg]
        try:
            # the processes demo's HTTP stand-ins drive no home care: neither does this run
            Simulation(runtime, replace(CONFIG, home_care=False)).run()
            token = issue_token(runtime.settings.signing_secret, role=Role.ADMIN, organisation="t")
            with TestClient(runtime.http_app()) as client:

                def get(path: str, params: dict[str, Any] | None = None) -> Any:
                    r = client.get(
                        path, params=params, headers={"Authorization": f"Bearer {token}"}
                    )
                    assert r.status_code == 200, r.text
                    return r.json()

                return snapshot(get, FIRST, LAST)
        finally:
            runtime.close()


def kill_each_in_turn(
    procs: dict[str, ServiceProcess], killed: list[str]
) -> Callable[[Simulation, RemoteRuntime], None]:
    """Once the simulated clock passes a quarter, half and three quarters of the history,
    the next command to broker, vacancies and discharge in turn reaches its service and is
    recorded, and then the service is SIGKILLed before the client reads the answer: the
    answer is lost, the client retries until the service is back, and the retried command
    must record nothing new. The service is started again a second later."""
    plan = {"broker": 0.25, "vacancies": 0.5, "discharge": 0.75}  # share of the history
    restarts: list[threading.Thread] = []

    def arm(sim: Simulation, runtime: RemoteRuntime) -> None:
        span = CONFIG.days * 86400

        def lose_the_answer(response: httpx.Response) -> None:
            request = response.request
            name = next((n for n, p in procs.items() if p.port == request.url.port), "")
            due = plan.get(name, 2.0) * span <= (sim.now - sim.start).total_seconds()
            if not due or request.method != "POST" or response.status_code >= 300:
                return
            del plan[name]
            proc = procs[name]
            assert proc.proc is not None
            record(
                f"fault: SIGKILL {name} (pid {proc.proc.pid}) mid-demo after it recorded "
                f"{request.url.path} at simulated {sim.now:%Y-%m-%d %H:%M}; its answer is lost"
            )
            proc.proc.send_signal(signal.SIGKILL)
            proc.proc.wait()
            killed.append(name)

            def restart() -> None:
                time.sleep(1.0)  # the client's calls meanwhile are refused and retried
                proc.start()

            restarts.append(threading.Thread(target=restart, daemon=True))
            restarts[-1].start()
            raise httpx.ReadError("the service was killed before it answered", request=request)

        runtime.api.client.event_hooks["response"].append(lose_the_answer)

    return arm


def differences(a: Figures, b: Figures) -> list[str]:
    return [k for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k)]


def test_a_demo_run_with_each_service_killed_and_restarted_gives_the_same_figures(
    fresh_settings: Callable[[str], Settings], tmp_path: Path
) -> None:
    started = time.monotonic()
    plain_settings = fresh_settings("plain")
    plain = services(plain_settings, tmp_path / "plain", 18301)
    try:
        uninterrupted, rt = remote_run(plain_settings, plain, lambda sim, rt: None)
        rt.close()
    finally:
        for p in plain.values():
            p.stop()
    plain_took = time.monotonic() - started
    record(
        f"demo run (seed {CONFIG.seed}, {CONFIG.homes} homes, {CONFIG.days} days) over HTTP "
        f"into 3 processes, uninterrupted: {plain_took:.0f} s"
    )

    faulty_settings = fresh_settings("faulty")
    faulty = services(faulty_settings, tmp_path / "faulty", 18311)
    killed: list[str] = []
    try:
        again = time.monotonic()
        interrupted, rt = remote_run(faulty_settings, faulty, kill_each_in_turn(faulty, killed))
        retries = (rt.api.retries, rt.api.polls_retried)
        rt.close()
    finally:
        for p in faulty.values():
            p.stop()
    assert sorted(killed) == ["broker", "discharge", "vacancies"]
    assert retries[0] >= 3  # at least each lost answer was asked for again
    assert [p.starts for p in faulty.values()] == [2, 2, 2]
    diff = differences(uninterrupted, interrupted)
    record(
        f"demo run again, broker, vacancies and discharge each SIGKILLed and restarted mid-run "
        f"({retries[0]} commands and {retries[1]} metrics polls retried, "
        f"{time.monotonic() - again:.0f} s); check: "
        f"{len(uninterrupted)} figure sets (returns by month, live delays, waiting list, board, "
        f"search, broker figures) equal to the uninterrupted run: {not diff} {diff or ''}"
    )
    assert uninterrupted["live_delays"] and uninterrupted["vacancy_board"]
    assert not diff, {k: (uninterrupted.get(k), interrupted.get(k)) for k in diff}

    embedded = embedded_run()
    versus = differences(uninterrupted, embedded)
    record(
        f"check: the same seed embedded in one process gives the same figures: {not versus} "
        f"{versus or ''}"
    )
    assert not versus, versus
