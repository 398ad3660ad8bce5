"""JSON on the wire: build, encode and decode integration events."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from pydantic import ValidationError

from events.envelope import Envelope, event_id_for
from events.registry import Payload, contract_for, upcast

P = TypeVar("P", bound=Payload)


class UnreadableMessage(ValueError):
    """Bytes that are not a valid envelope or whose payload breaks its contract."""


@dataclass(frozen=True)
class Message(Generic[P]):
    """A decoded integration event: its envelope and its payload at the latest version."""

    envelope: Envelope
    payload: P


def build(
    payload: Payload,
    *,
    source: str,
    aggregate_id: uuid.UUID,
    aggregate_version: int,
    occurred_at: datetime,
    recorded_at: datetime,
    correlation_id: uuid.UUID | None = None,
    causation_id: uuid.UUID | None = None,
    n: int = 0,
) -> Envelope:
    """Wrap a payload in its envelope with a deterministic event id."""
    return Envelope(
        event_id=event_id_for(source, aggregate_id, aggregate_version, n),
        event_type=payload.event_type,
        schema_version=payload.schema_version,
        source=source,
        aggregate_id=aggregate_id,
        aggregate_version=aggregate_version,
        occurred_at=occurred_at,
        recorded_at=recorded_at,
        correlation_id=correlation_id,
        causation_id=causation_id,
        payload=payload.model_dump(mode="json"),
    )


def encode(envelope: Envelope) -> bytes:
    return envelope.model_dump_json().encode()


def decode(data: bytes | str) -> Message[Payload]:
    """Parse an envelope, upcast its payload to the latest version, validate it."""
    try:
        envelope = Envelope.model_validate_json(data)
        version, body = upcast(envelope.event_type, envelope.schema_version, envelope.payload)
        payload = contract_for(envelope.event_type, version).model_validate(body)
    except (ValidationError, LookupError) as exc:
        raise UnreadableMessage(str(exc)) from exc
    if version != envelope.schema_version:
        envelope = envelope.model_copy(update={"schema_version": version, "payload": body})
    return Message(envelope=envelope, payload=payload)
