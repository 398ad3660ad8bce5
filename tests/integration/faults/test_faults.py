"""Faults on real Kafka and PostgreSQL with the three services as separate processes: after
each one, every journey completed exactly once and every projection equals a clean rebuild."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from events.platform.settings import Settings
from tests.integration.faults.cluster import (
    COUNCIL,
    PORTS,
    TRUST,
    Driver,
    ServiceProcess,
    eventually,
    process_env,
    record,
)

REPO = Path(__file__).parents[3]
pytestmark = pytest.mark.faults


@pytest.fixture
def cluster(production_settings: Settings, tmp_path: Path) -> Iterator[dict[str, ServiceProcess]]:
    env = process_env(production_settings, {"CAREBRIDGE_POSTGRES_CONNECT_TIMEOUT": "1"})
    procs = {name: ServiceProcess(name, env, tmp_path) for name in PORTS}
    for proc in procs.values():
        proc.start()
    yield procs
    for proc in procs.values():
        proc.stop()


def snapshot(d: Driver) -> dict[str, Any]:
    """Every projection a user reads, as the live services show it."""
    month = time.strftime("%Y-%m")
    return {
        "board": d.call("GET", "/vacancies/board", ("broker", COUNCIL)),
        "dtoc": d.call(
            "GET", f"/discharge/returns/dtoc?month={month}&by=provider", ("analyst", "NHSE")
        ),
        "drd": d.call("GET", f"/discharge/returns/drd?month={month}", ("analyst", "NHSE")),
        "live": d.call("GET", "/discharge/live-delays", ("discharge", TRUST)),
        "waiting": d.call("GET", "/broker/waiting-list", ("broker", COUNCIL)),
        "responsiveness": d.call("GET", "/broker/responsiveness", ("broker", COUNCIL)),
    }


def rebuilt(
    cluster: dict[str, ServiceProcess], env: dict[str, str], d: Driver, before: dict[str, Any]
) -> dict[str, Any]:
    """Stop each service, rebuild its read models from its event store, start it again."""
    for name, proc in cluster.items():
        proc.stop()
        done = subprocess.run(
            [sys.executable, "-m", "services.cli", "rebuild", name],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        proc.start()
    after = snapshot(d)
    record(f"check: rebuilt read models of all three services; equal to live: {after == before}")
    return after


def check_every_journey(d: Driver, episodes: list[str], homes: list[str], beds: int) -> None:
    for episode in episodes:
        eventually(lambda e=episode: d.episode_ended(e), f"episode {episode} discharged")  # type: ignore[misc]
    placed = [episodes[i::2] for i in range(2)]
    for i, home in enumerate(homes):
        eventually(
            lambda h=home, i=i: d.free_beds(h, f"P-{i}") == beds - len(placed[i]),  # type: ignore[misc]
            f"home {i} to have exactly {beds - len(placed[i])} free beds",
        )
    assert eventually(
        lambda: d.call("GET", "/broker/waiting-list", ("broker", COUNCIL)) == [], "empty list"
    )
    record(
        f"check: {len(episodes)} episodes discharged once each; free beds per home = beds - "
        f"placements ({[beds - len(p) for p in placed]}); waiting list empty"
    )


def test_services_killed_while_the_saga_is_in_flight_lose_nothing_and_double_nothing(
    cluster: dict[str, ServiceProcess], production_settings: Settings
) -> None:
    d = Driver(production_settings)
    homes = d.register_homes(2, beds=5)
    faults = {
        1: lambda: (cluster["broker"].kill(), cluster["broker"].start()),
        2: lambda: (cluster["vacancies"].kill(), cluster["vacancies"].start()),
        3: lambda: (cluster["discharge"].kill(), cluster["discharge"].start()),
    }
    episodes = [d.journey(n, homes[n % 2], f"P-{n % 2}", faults.get(n)) for n in range(5)]
    check_every_journey(d, episodes, homes, beds=5)
    assert [s.starts for s in cluster.values()] == [2, 2, 2]
    live = snapshot(d)
    assert rebuilt(cluster, process_env(production_settings), d, live) == live


def test_a_kafka_restart_under_load_is_recovered_without_help(
    cluster: dict[str, ServiceProcess], production_settings: Settings
) -> None:
    d = Driver(production_settings)
    homes = d.register_homes(2, beds=4)

    def restart_kafka() -> None:
        record("fault: Kafka broker stopped for 2 s and started again, saga in flight")
        subprocess.run(
            ["bash", str(REPO / "infra" / "kafka.sh"), "stop"], check=True, capture_output=True
        )
        time.sleep(2)
        subprocess.run(
            ["bash", str(REPO / "infra" / "kafka.sh"), "start"], check=True, capture_output=True
        )

    episodes = [
        d.journey(n, homes[n % 2], f"P-{n % 2}", restart_kafka if n == 1 else None)
        for n in range(4)
    ]
    check_every_journey(d, episodes, homes, beds=4)
    live = snapshot(d)
    assert rebuilt(cluster, process_env(production_settings), d, live) == live


def test_a_postgres_restart_fails_requests_cleanly_and_the_services_resume(
    cluster: dict[str, ServiceProcess], production_settings: Settings
) -> None:
    d = Driver(production_settings)
    homes = d.register_homes(1, beds=3)
    pg = ["bash", str(REPO / "infra" / "pg.sh")]
    record("fault: PostgreSQL stopped while the services run")
    subprocess.run([*pg, "stop"], check=True, capture_output=True)
    try:
        port = PORTS["vacancies"]
        body = {"free_beds": {"nursing-dementia": 1}}
        r = d.client.post(
            f"http://127.0.0.1:{port}/vacancies/homes/{homes[0]}/vacancies",
            json=body,
            headers=d.auth("provider", "P-0"),
        )
        assert r.status_code == 503, r.text
        assert "nothing was written" in r.text
        ready = d.client.get(f"http://127.0.0.1:{port}/ready")
        assert ready.status_code == 503 and "unreachable" in ready.text
    finally:
        subprocess.run([*pg, "start"], check=True, capture_output=True)
    record("fault: PostgreSQL started again")
    seen: list[str] = []

    def ready_again() -> bool:
        answer = d.client.get(f"http://127.0.0.1:{port}/ready")
        seen.append(answer.text)
        return answer.status_code == 200

    try:
        eventually(ready_again, "ready again", 60)
    except AssertionError:
        raise AssertionError(f"not ready after the restart: {seen[-1:]}") from None
    # the refused report left nothing behind: the home still has its 3 beds
    assert d.free_beds(homes[0], "P-0") == 3
    episodes = [d.journey(n, homes[0], "P-0") for n in range(2)]
    check_every_journey_at_one_home(d, episodes, homes[0], beds=3)
    record("check: 503 while down, nothing half-written, journeys complete after the restart")


def check_every_journey_at_one_home(d: Driver, episodes: list[str], home: str, beds: int) -> None:
    for episode in episodes:
        eventually(lambda e=episode: d.episode_ended(e), f"episode {episode} discharged")  # type: ignore[misc]
    eventually(lambda: d.free_beds(home, "P-0") == beds - len(episodes), "beds taken exactly once")


def test_a_second_consumer_replica_joining_and_leaving_keeps_effects_exactly_once(
    cluster: dict[str, ServiceProcess], production_settings: Settings, tmp_path: Path
) -> None:
    d = Driver(production_settings)
    homes = d.register_homes(2, beds=4)
    env = process_env(production_settings, {"CAREBRIDGE_POSTGRES_CONNECT_TIMEOUT": "1"})
    replicas = {
        name: ServiceProcess(name, env, tmp_path, port=PORTS[name] + 10)
        for name in ("vacancies", "broker")
    }

    def join() -> None:
        record("fault: a second replica of vacancies and broker joins their consumer groups")
        for replica in replicas.values():
            replica.start()

    def leave() -> None:
        record("fault: the second replicas leave (one stopped, one SIGKILLed) mid-stream")
        replicas["vacancies"].stop()
        replicas["broker"].kill()

    faults = {1: join, 3: leave}
    episodes = [d.journey(n, homes[n % 2], f"P-{n % 2}", faults.get(n)) for n in range(5)]
    check_every_journey(d, episodes, homes, beds=4)
    live = snapshot(d)
    assert rebuilt(cluster, env, d, live) == live


def test_a_batch_delivered_twice_and_out_of_order_changes_no_projection(
    cluster: dict[str, ServiceProcess], production_settings: Settings
) -> None:
    d = Driver(production_settings)
    homes = d.register_homes(2, beds=3)
    episodes = [d.journey(n, homes[n % 2], f"P-{n % 2}") for n in range(3)]
    check_every_journey(d, episodes, homes, beds=3)
    before = snapshot(d)
    resent = redeliver_reversed(production_settings)
    record(f"fault: {resent} messages of all three topics published again, in reverse order")
    time.sleep(5)  # let the consumers take them all in
    eventually(lambda: snapshot(d) == before, "projections unchanged by the duplicates", 60)
    check_every_journey(d, episodes, homes, beds=3)


def redeliver_reversed(settings: Settings) -> int:
    """Publish every message on the service topics again, newest first, headers and keys kept,
    as a confused producer or a mirrored cluster might."""
    from kafka import KafkaConsumer, KafkaProducer, TopicPartition

    from events.topics import ALL, named

    consumer = KafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, enable_auto_commit=False)
    partitions = [
        TopicPartition(named(t, settings.topic_prefix), p)
        for t in ALL
        for p in sorted(consumer.partitions_for_topic(named(t, settings.topic_prefix)) or ())
    ]
    consumer.assign(partitions)
    consumer.seek_to_beginning()
    ends = consumer.end_offsets(partitions)
    records = []
    while any(consumer.position(tp) < ends[tp] for tp in partitions):
        for batch in consumer.poll(timeout_ms=1000).values():
            records.extend(batch)
    consumer.close()
    producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap)
    for r in reversed(records):
        producer.send(
            r.topic, key=r.key, value=r.value, headers=list(r.headers or []), partition=r.partition
        )
    producer.flush()
    producer.close()
    return len(records)
