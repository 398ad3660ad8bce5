"""Domain events of an Episode <-> the published integration events of `events.contracts`.

The NHS number stays inside the service: no contract has a field for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Notification

from events import topics
from events.contracts import discharge as d
from events.envelope import Envelope
from events.registry import Payload
from events.serialisation import build

SOURCE = d.SOURCE

PUBLISHED: dict[str, type[Payload]] = {
    "Episode.Admitted": d.EpisodeAdmitted,
    "Episode.BecameReady": d.BecameReady,
    "Episode.ReadinessWithdrawn": d.ReadinessWithdrawn,
    "Episode.DelayReasonSet": d.DelayReasonSet,
    "Episode.BlockerOpened": d.BlockerOpened,
    "Episode.BlockerClosed": d.BlockerClosed,
    "Episode.AssessmentProgressed": d.AssessmentProgressed,
    "Episode.Ended": d.EpisodeEnded,
}


def payload_of(domain_event: Any) -> Payload | None:
    contract = PUBLISHED.get(type(domain_event).__qualname__)
    if contract is None:
        return None
    fields = {
        name: getattr(domain_event, name)
        for name in contract.model_fields
        if hasattr(domain_event, name)
    }
    return contract.model_validate(fields)


def to_integration(domain_event: Any) -> list[tuple[str, Envelope]]:
    payload = payload_of(domain_event)
    if payload is None:
        return []
    envelope = build(
        payload,
        source=SOURCE,
        aggregate_id=domain_event.originator_id,
        aggregate_version=domain_event.originator_version,
        occurred_at=domain_event.occurred_at,
        recorded_at=domain_event.timestamp,
    )
    return [(topics.EPISODES, envelope)]


class Translator:
    """Turns the service's stored notifications into integration events."""

    def __init__(self, mapper: Any) -> None:
        self.mapper = mapper

    def __call__(self, notification: Notification) -> Sequence[tuple[str, Envelope]]:
        return to_integration(self.mapper.to_domain_event(notification))
