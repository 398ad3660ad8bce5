"""The envelope every integration event travels in.

The envelope is the published contract shared by every service; the payload inside it is
typed per event type and schema version (see `events.registry`).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

EVENT_ID_NAMESPACE = uuid.UUID("6f1c1d9e-3f53-4d0e-8a55-4b0f7b8c2a10")


class Envelope(BaseModel):
    """One integration event as published on Kafka.

    - `event_id` is derived from the source aggregate and version, so the same domain
      event republished after a crash has the same id.
    - `occurred_at` is the business time (may be backdated); `recorded_at` is when the
      source service stored it.
    - `payload` is validated against the contract for (`event_type`, `schema_version`)
      when the envelope is decoded.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_id: uuid.UUID
    event_type: str = Field(min_length=1)
    schema_version: int = Field(ge=1)
    source: str = Field(min_length=1, description="the publishing service")
    aggregate_id: uuid.UUID
    aggregate_version: int = Field(ge=1)
    occurred_at: AwareDatetime
    recorded_at: AwareDatetime
    correlation_id: uuid.UUID | None = None
    causation_id: uuid.UUID | None = None
    payload: dict[str, Any]


def event_id_for(
    source: str, aggregate_id: uuid.UUID, aggregate_version: int, n: int = 0
) -> uuid.UUID:
    """A deterministic event id: a replay or a republish never creates a new id.

    `n` tells apart several integration events translated from one domain event.
    """
    return uuid.uuid5(EVENT_ID_NAMESPACE, f"{source}/{aggregate_id}/{aggregate_version}/{n}")


def isoformat(at: datetime) -> str:
    """Render an aware datetime the way every contract example stores it."""
    return at.isoformat()
