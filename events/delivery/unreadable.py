"""Messages on a topic that cannot even be read (bytes that are no envelope, a payload that
breaks its contract, an event type this build does not know, no position header): set aside
as dead letters with their text, so the partition goes on and a fixed build can read them
again (`carebridge deadletters retry`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from events.delivery.deadletters import DeadLetter, letter
from events.delivery.failures import describe
from events.delivery.messages import POSITION_HEADER

# What a consumer loop does with a record it cannot read, and the error that said so.
SetAsideRecord = Callable[[Any, Exception], None]


def letter_of_record(consumer: str, record: Any, error: Exception) -> DeadLetter:
    """The dead letter of a Kafka record: at its publisher's position when its header says
    one, else at its offset; named by whatever of its envelope can be read."""
    headers = dict(getattr(record, "headers", None) or [])
    try:
        position = int(headers[POSITION_HEADER])
    except (KeyError, ValueError, TypeError):
        position = int(record.offset)
    value = record.value
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    try:
        envelope = json.loads(text)
    except ValueError:
        envelope = None
    if not isinstance(envelope, dict):
        envelope = {}
    return letter(
        consumer,
        f"{record.topic}#{record.partition}",
        position,
        event_id=str(envelope.get("event_id", ""))[:36],
        event_type=str(envelope.get("event_type", "(unreadable)"))[:200],
        aggregate_id=str(envelope.get("aggregate_id", ""))[:100],
        error=describe(error),
        message=text,
    )
