"""Domain events of an Episode <-> the published integration events of `events.contracts`.

The NHS number stays inside the service: no contract has a field for it.
"""

from __future__ import annotations

from typing import Any

from events import topics
from events.contracts import discharge as d
from events.delivery.translation import ContractTranslator
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
    # the hospital feed's corrections (services/discharge/domain/stay.py)
    "Stay.Moved": d.EpisodeMoved,
    "Stay.MoveCancelled": d.EpisodeMoved,
    "Stay.DetailsUpdated": d.EpisodeDetailsChanged,
    "Stay.Withdrawn": d.EpisodeWithdrawn,
    "Stay.Readmitted": d.EpisodeReadmitted,
    "Stay.EndingCancelled": d.EndingCancelled,
}

# Per domain event class: its contract, the contract's fields, and those of them the class
# itself defines (read with getattr, as on any instance). Looked up once, not per event.
_Shape = tuple[type[Payload], tuple[str, ...], frozenset[str]]
_shapes: dict[type, _Shape | None] = {}


def payload_of(domain_event: Any) -> Payload | None:
    """The contract payload of a domain event, validated by the contract: the same as
    `events.delivery.translation.payload_of(PUBLISHED, e)` (tests/discharge compares them for
    every kind), with its field lookup worked out once per event class, since a rebuild calls
    this once per event of the log."""
    cls = type(domain_event)
    try:
        shape = _shapes[cls]
    except KeyError:
        shape = _shapes[cls] = _shape_of(cls)
    if shape is None:
        return None
    contract, names, on_class = shape
    attrs = vars(domain_event)
    return contract.model_validate(
        {
            name: attrs[name] if name in attrs else getattr(domain_event, name)
            for name in names
            if name in attrs or name in on_class
        }
    )


def contract_of(cls: type) -> type[Payload] | None:
    """The contract a domain event class is published as, or None (kept inside)."""
    return PUBLISHED.get(cls.__qualname__)


def _shape_of(cls: type) -> _Shape | None:
    contract = contract_of(cls)
    if contract is None:
        return None
    names = tuple(contract.model_fields)
    return contract, names, frozenset(n for n in names if hasattr(cls, n))


def Translator(mapper: Any) -> ContractTranslator:  # noqa: N802 - reads as the class it makes
    """Turns the service's stored notifications into integration events."""
    return ContractTranslator(mapper, PUBLISHED, SOURCE, topics.EPISODES)
