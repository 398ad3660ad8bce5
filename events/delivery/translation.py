"""Domain events -> published integration events, for any service.

Each service keeps its own table (`PUBLISHED`, keyed by the domain event's qualified name)
in its translation module; this is the machinery. A domain event not in the table stays
inside the service; a field the contract lacks stays private too.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from eventsourcing.persistence import Notification

from events.envelope import Envelope
from events.registry import Payload
from events.serialisation import build


class ContractTranslator:
    def __init__(
        self,
        mapper: Any,
        published: Mapping[str, type[Payload]],
        source: str,
        topic: str,
        journey: Callable[[Any], uuid.UUID | None] | None = None,
    ) -> None:
        self.mapper = mapper
        self.published = published
        self.source = source
        self.topic = topic
        # Where a journey starts when no message caused the event (a user's command).
        self.journey = journey or (lambda e: e.originator_id)

    def payload_of(self, domain_event: Any) -> Payload | None:
        return payload_of(self.published, domain_event)

    def to_integration(self, domain_event: Any) -> list[tuple[str, Envelope]]:
        payload = self.payload_of(domain_event)
        if payload is None:
            return []
        envelope = build(
            payload,
            source=self.source,
            aggregate_id=domain_event.originator_id,
            aggregate_version=domain_event.originator_version,
            occurred_at=domain_event.occurred_at,
            recorded_at=domain_event.timestamp,
            correlation_id=getattr(domain_event, "correlation_id", None)
            or self.journey(domain_event),
            causation_id=getattr(domain_event, "causation_id", None),
        )
        return [(self.topic, envelope)]

    def __call__(self, notification: Notification) -> Sequence[tuple[str, Envelope]]:
        return self.to_integration(self.mapper.to_domain_event(notification))


def payload_of(published: Mapping[str, type[Payload]], domain_event: Any) -> Payload | None:
    contract = published.get(type(domain_event).__qualname__)
    if contract is None:
        return None
    # Domain events are named after the contract's fields on purpose.
    fields = {
        name: getattr(domain_event, name)
        for name in contract.model_fields
        if hasattr(domain_event, name)
    }
    return contract.model_validate(fields)
