"""A subscription in Kafka mode joins its consumer group only when it starts consuming, so a
one-off command never makes the running service's group rebalance."""

from __future__ import annotations

from pathlib import Path

from events.delivery.subscription import Subscription
from events.platform.settings import Settings


def test_a_kafka_subscription_joins_nothing_until_it_consumes(tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=tmp_path,
        kafka_bootstrap="127.0.0.1:1",  # nothing listens: constructing must not connect
        jwt_secret="a-secret-of-at-least-thirty-two-characters",
        cipher_key="a-key-production-requires",
    )
    subscription = Subscription(settings, None, "broker", ["t"], lambda d: None)
    assert subscription.group == "carebridge-broker" and subscription.topics == ["t"]
    subscription.close()
