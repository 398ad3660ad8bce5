"""Version 1 and version 2 of an event side by side on a real Kafka topic: a consumer built
for version 2 applies both."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from kafka import KafkaProducer
from sqlalchemy import select

from events.delivery.messages import POSITION_HEADER
from events.platform.settings import Settings
from events.topics import EPISODES, named
from services.broker.bootstrap import bootstrap as broker
from services.broker.projections.tables import hospital_episodes
from services.discharge.application import Step
from services.discharge.bootstrap import bootstrap as discharge
from services.discharge.domain.identity import episode_id_for

EXAMPLES = Path(__file__).parents[2] / "events" / "examples"


def test_a_consumer_reads_old_and_new_versions_mixed(production_settings: Settings) -> None:
    hospital = discharge(production_settings, None)
    ward = dict(
        site="", ward="W1", care_type="acute", la_code="E1", la_name="Sefton", nhs_number=None
    )
    for ref in ("new", "old"):
        hospital.app.admit(
            reference=ref, provider_code="RVY", provider_name="Aintree",
            occurred_at=datetime(2026, 11, 1, tzinfo=UTC), **ward,
        )  # fmt: skip

    hospital.app.record(
        episode_id_for("RVY", "new"),
        [
            Step(
                "end",
                kind="discharged",
                destination="care home: Rose Lodge",
                occurred_at=datetime(2026, 11, 5, tzinfo=UTC),
            )
        ],
    )
    published = hospital.relay.run_until_idle()  # two admissions and a version-2 ending
    # an older publisher's version-1 ending for the other episode, already on the topic
    old = json.loads((EXAMPLES / "discharge.EpisodeEnded.v1.json").read_text())
    old.update(
        event_id=str(uuid.uuid4()),
        aggregate_id=str(episode_id_for("RVY", "old")),
        aggregate_version=2,
    )
    old["payload"] = {"kind": "died", "destination": ""}
    producer = KafkaProducer(bootstrap_servers=production_settings.kafka_bootstrap)
    producer.send(
        named(EPISODES, production_settings.topic_prefix),
        key=str(episode_id_for("RVY", "old")).encode(),
        value=json.dumps(old).encode(),
        headers=[(POSITION_HEADER, str(published + 1000).encode())],
    ).get(timeout=30)
    producer.close()
    hospital.close()

    placements = broker(production_settings, None)
    deadline = time.monotonic() + 60
    ended: dict[str, str] = {}
    while len(ended) < 2 and time.monotonic() < deadline:
        placements.subscription.poll_once()
        with placements.engine.connect() as conn:
            ended = {
                r.episode_id: r.ended
                for r in conn.execute(
                    select(hospital_episodes).where(hospital_episodes.c.ended.is_not(None))
                )
            }
    placements.close()
    assert ended == {
        str(episode_id_for("RVY", "new")): "discharged",
        str(episode_id_for("RVY", "old")): "died",
    }
