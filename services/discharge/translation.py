"""Domain events of an Episode <-> the published integration events of `events.contracts`.

The NHS number stays inside the service: no contract has a field for it.
"""

from __future__ import annotations

from typing import Any

from events import topics
from events.contracts import discharge as d
from events.delivery.translation import ContractTranslator
from events.delivery.translation import payload_of as _payload_of
from events.registry import Payload

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
    return _payload_of(PUBLISHED, domain_event)


def Translator(mapper: Any) -> ContractTranslator:  # noqa: N802 - reads as the class it makes
    """Turns the service's stored notifications into integration events."""
    return ContractTranslator(mapper, PUBLISHED, SOURCE, topics.EPISODES)
