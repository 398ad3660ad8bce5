"""The simulation's exchange for services of this process on Kafka
(`services.simulation.simulation.Exchange`): the runtime's Kafka drain, counting the drains."""

from __future__ import annotations

from collections.abc import Mapping

from services.kafka_drain import KafkaDrain


class KafkaExchange(KafkaDrain):
    @property
    def services(self) -> Mapping[str, object]:
        return self.runtime.services
