"""The vacancies service in production mode: PostgreSQL event store and read model, the
outbox relay publishing to a real Kafka broker, a consumer applying it exactly once."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections import defaultdict
from datetime import timedelta

from kafka import KafkaConsumer
from sqlalchemy import MetaData

from events.delivery.consumer import TrackedProjection
from events.delivery.kafka import KafkaConsumerLoop, to_delivery
from events.delivery.messages import Delivery
from events.platform.readmodels import Positions, positions_table, readmodel_engine
from events.platform.settings import Settings
from events.topics import CARE_HOMES, named
from services.runtime import Runtime
from services.vacancies.bootstrap import Vacancies
from services.vacancies.projections import tables
from services.vacancies.projections.board import vacancy_board
from services.vacancies.projections.care_home_index import CareHomeIndex
from tests.integration.conftest import settings_env
from tests.vacancies.conftest import NOW, home_details


def seed(v: Vacancies, homes: int, reports_each: int = 1) -> int:
    for i in range(homes):
        home = v.app.register_home(
            occurred_at=NOW,
            **home_details(
                cqc_location_id=f"1-{i}", name=f"Home {i}", locality=["Southport", "Bootle"][i % 2]
            ),
        )
        for r in range(reports_each):
            v.app.report_vacancies(
                home.id,
                free_beds={"nursing-dementia": (i + r) % 4},
                reported_at=NOW + timedelta(minutes=r),
            )
        free_now = (i + reports_each - 1) % 4
        if i % 3 == 0 and free_now:
            v.app.reserve_bed(
                home.id,
                reservation_id=uuid.uuid4(),
                bed_type="nursing-dementia",
                reference=f"req-{i}",
                reserved_by="E08000014",
                now=NOW,
                hold=timedelta(days=3),
            )
    return v.app.recorder.max_notification_id() or 0


def remote_index(settings: Settings) -> TrackedProjection:
    """A copy of the care-home index built only from Kafka, as another service would."""
    metadata = MetaData()
    for table in tables.metadata.sorted_tables:
        if table.name != "positions":
            table.to_metadata(metadata)
    positions = positions_table(metadata, "kafka_positions")
    engine = readmodel_engine(settings, "remote")
    return TrackedProjection(
        engine, metadata, Positions(positions, "remote-index"), CareHomeIndex()
    )


def consume_until(loop: KafkaConsumerLoop, done: callable, timeout: float = 60) -> None:  # type: ignore[valid-type]
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "consumer did not catch up in time"
        loop.poll_once(timeout_ms=200)


def test_outbox_reaches_kafka_and_a_redelivered_stream_changes_nothing(
    production_settings: Settings,
) -> None:
    runtime = Runtime(production_settings, ("vacancies",))
    v = runtime.services["vacancies"]
    assert isinstance(v, Vacancies)
    last = seed(v, homes=12, reports_each=2)
    assert v.relay.run_until_idle() == last

    remote = remote_index(production_settings)
    seen: list[Delivery] = []

    def handle(d: Delivery) -> None:
        seen.append(d)
        remote.handle(d)

    topic = named(CARE_HOMES, production_settings.topic_prefix)
    first = KafkaConsumerLoop(production_settings.kafka_bootstrap, [topic], f"{topic}-a", handle)
    consume_until(first, lambda: len({d.position for d in seen}) == last)
    first.close()
    with remote.engine.connect() as conn:
        board_once = vacancy_board(conn, NOW, 48)
    assert board_once == v.board(NOW), "Kafka-fed index equals the service's own"

    # A new consumer group replays every message: all of them are redeliveries now.
    before = len(seen)
    again = KafkaConsumerLoop(production_settings.kafka_bootstrap, [topic], f"{topic}-b", handle)
    consume_until(again, lambda: len(seen) >= before + last)
    again.close()
    with remote.engine.connect() as conn:
        assert vacancy_board(conn, NOW, 48) == board_once
    runtime.close()


def test_relay_killed_mid_stream_resumes_and_loses_nothing(production_settings: Settings) -> None:
    runtime = Runtime(production_settings, ("vacancies",))
    v = runtime.services["vacancies"]
    assert isinstance(v, Vacancies)
    last = seed(v, homes=200, reports_each=10)
    cmd = [sys.executable, "-m", "services.cli", "relay", "vacancies", "--batch-size", "10"]
    env = settings_env(production_settings)

    relay = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while not 0 < v.relay.position < last // 2:
        assert relay.poll() is None, relay.stdout.read() if relay.stdout else ""
        assert time.monotonic() < deadline, "relay never got going"
        time.sleep(0.01)
    relay.kill()  # SIGKILL: no chance to flush or record anything
    relay.wait()
    killed_at = v.relay.position
    assert killed_at < last

    restarted = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while v.relay.position < last:
        assert restarted.poll() is None, restarted.stdout.read() if restarted.stdout else ""
        assert time.monotonic() < deadline, "restarted relay did not finish"
        time.sleep(0.05)
    restarted.terminate()
    restarted.wait(timeout=30)

    consumer = KafkaConsumer(
        named(CARE_HOMES, production_settings.topic_prefix),
        bootstrap_servers=production_settings.kafka_bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=3000,
        group_id=None,
    )
    by_key: dict[str, list[int]] = defaultdict(list)
    for record in consumer:
        by_key[record.key.decode()].append(to_delivery(record).position)
    consumer.close()
    positions = [p for ps in by_key.values() for p in ps]
    assert set(positions) == set(range(1, last + 1)), "every event reached Kafka"
    for key, ps in by_key.items():
        firsts = list(dict.fromkeys(ps))
        assert firsts == sorted(firsts), f"events of {key} kept their order"

    # Exactly-once effects despite the republished duplicates.
    remote = remote_index(production_settings)
    topic = named(CARE_HOMES, production_settings.topic_prefix)
    seen: set[int] = set()

    def handle(d: Delivery) -> None:
        remote.handle(d)
        seen.add(d.position)

    loop = KafkaConsumerLoop(production_settings.kafka_bootstrap, [topic], f"{topic}-x", handle)
    consume_until(loop, lambda: len(seen) == last)
    loop.close()
    with remote.engine.connect() as conn:
        assert vacancy_board(conn, NOW, 48) == v.board(NOW)
    runtime.close()


def test_rebuilt_board_on_postgres_equals_the_live_one(production_settings: Settings) -> None:
    runtime = Runtime(production_settings, ("vacancies",))
    v = runtime.services["vacancies"]
    assert isinstance(v, Vacancies)
    seed(v, homes=30, reports_each=2)
    live = v.board(NOW)
    assert v.rebuild() > 0
    assert v.board(NOW) == live
    runtime.close()
