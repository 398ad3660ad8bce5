"""`Runtime.drain` for services of this process on Kafka: it returns only once every event
has gone round (the CLI, tests and the simulation; never while the runtime's own loops run,
which poll the same consumers).

On the in-process bus a relay's call delivers each event to its subscribers before it
returns, so going round until nothing moves is enough. On Kafka a poll that finds nothing
yet (a message not yet fetched, a group still joining) proves nothing: each round here
publishes every outbox, catches every projection up and polls each subscription whose
consumer group has not yet committed the end of its topics; the drain ends on a round that
moved nothing with no group behind.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition

from events import topics
from events.delivery.kafka import ensure_topics
from events.delivery.projection import LogProjection
from events.delivery.subscription import Subscription

if TYPE_CHECKING:
    from services.runtime import Runtime


def _parts(service: Any) -> list[Any]:
    """The service and what it composes that has projections or subscriptions of its own
    (the broker's package desk)."""
    return [service, *(v for v in vars(service).values() if hasattr(v, "subscription"))]


class KafkaDrain:
    def __init__(self, runtime: Runtime, patience: float = 900.0) -> None:
        settings = runtime.settings
        assert settings.kafka_bootstrap, "the embedded runtime drains itself"
        self.runtime, self.patience, self.exchanges = runtime, patience, 0
        parts = [p for service in runtime.services.values() for p in _parts(service)]
        self.relays = [service.relay for service in runtime.services.values()]
        self.projections = [
            v for p in parts for v in vars(p).values() if isinstance(v, LogProjection)
        ]
        self.subscriptions = [
            v for p in parts for v in vars(p).values() if isinstance(v, Subscription)
        ]
        bootstrap = settings.kafka_bootstrap
        ensure_topics(bootstrap, [topics.named(t, settings.topic_prefix) for t in topics.ALL])
        self.admin = KafkaAdminClient(bootstrap_servers=bootstrap)
        self.ends = KafkaConsumer(bootstrap_servers=bootstrap)

    def lags(self) -> dict[str, int]:
        """Each subscription's group: messages on its topics it has not committed."""
        wanted = {s.group: s.topics for s in self.subscriptions}
        partitions = {
            TopicPartition(t, p)
            for names in wanted.values()
            for t in names
            for p in self.ends.partitions_for_topic(t) or ()
        }
        ends = self.ends.end_offsets(list(partitions))
        out = {}
        for group, names in wanted.items():
            done = self.admin.list_group_offsets({group: None}).get(group, {})
            out[group] = sum(
                end - (max(done[tp].offset, 0) if tp in done else 0)  # -1: none committed
                for tp, end in ends.items()
                if tp.topic in names
            )
        return out

    def drain(self) -> None:
        self.exchanges += 1
        deadline = time.monotonic() + self.patience
        while True:
            moved = sum(relay.run_until_idle() for relay in self.relays)
            moved += sum(p.catch_up() for p in self.projections)
            lags = self.lags()
            behind = [s for s in self.subscriptions if lags[s.group]]
            moved += sum(s.poll_once() for s in behind)
            if not moved and not behind:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"the services did not catch up in {self.patience:.0f} s: {lags}"
                )

    def close(self) -> None:
        self.admin.close()
        self.ends.close()
