"""The discharge service in production mode: history imported into a PostgreSQL event store,
returns counted from the PostgreSQL read model, events on Kafka without personal data."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from kafka import KafkaConsumer

from events.delivery.inprocess import InProcessBus
from events.platform.settings import Settings
from events.topics import EPISODES, named
from services.discharge.bootstrap import bootstrap
from services.discharge.domain.returns import dtoc_reason_table
from services.discharge.importer import import_rows, rows
from tests.discharge.published_months import journeys, published_rows, write_tracker

NHS_NUMBER = "9434765919"


def test_a_published_month_on_postgres_rebuilds_and_reaches_kafka_without_personal_data(
    production_settings: Settings, tmp_path: Path
) -> None:
    svc = bootstrap(production_settings, None)
    assert not isinstance(svc.publisher, InProcessBus)
    derby = next(r for r in published_rows() if r.la_name == "Derby")
    tracker = write_tracker(tmp_path / "derby.csv", journeys(derby))
    report = import_rows(svc.app, rows(tracker))
    assert report.errors == []
    svc.app.admit(
        reference="with-nhs-number",
        provider_code="RX1",
        provider_name="Trust RX1",
        site="",
        ward="",
        care_type="acute",
        la_code="E06000015",
        la_name="Derby",
        nhs_number=NHS_NUMBER,
        occurred_at=datetime(2019, 12, 1, 8, tzinfo=UTC),
    )
    ret = svc.dtoc("2019-12", "la")
    [row] = ret.rows
    assert {c: row.by_reason[c] for c in derby.by_reason} == derby.by_reason
    assert row.total == derby.total
    live = dtoc_reason_table(svc.dtoc("2019-12", "provider"))
    svc.rebuild()
    assert dtoc_reason_table(svc.dtoc("2019-12", "provider")) == live

    # the event store is PostgreSQL, and the NHS number is in it only as the service keeps it
    with psycopg.connect(production_settings.postgres_url or "") as conn:
        stored = conn.execute("SELECT count(*) FROM discharge.discharge_events").fetchone()
    assert stored is not None and stored[0] > 0

    published = svc.relay.run_until_idle()
    total = svc.app.recorder.max_notification_id()
    assert published == total
    consumer = KafkaConsumer(
        named(EPISODES, production_settings.topic_prefix),
        bootstrap_servers=production_settings.kafka_bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=5000,
    )
    seen: list[bytes] = []
    deadline = time.monotonic() + 60
    while len(seen) < published and time.monotonic() < deadline:
        seen.extend(m.value for m in consumer)
    consumer.close()
    svc.close()
    assert len(seen) == published
    assert not any(NHS_NUMBER.encode() in v for v in seen)
    types = {json.loads(v)["event_type"] for v in seen}
    assert {"discharge.EpisodeAdmitted", "discharge.BecameReady", "discharge.EpisodeEnded"} <= types
