"""Exactly-once effects for event-sourced consumers: the new events of a handled message
and the message's upstream position are stored in one transaction (the library's
tracking records), so a redelivered message changes nothing."""

from __future__ import annotations

from typing import Any

from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.persistence import IntegrityError, Tracking, TrackingRecorder

from events.delivery.messages import Delivery


def already_processed(recorder: TrackingRecorder, delivery: Delivery) -> bool:
    return recorder.has_tracking_id(delivery.stream, delivery.position)


def save_tracked(app: Application[Any], delivery: Delivery, *objs: Any) -> bool:
    """Save the pending events of `objs` with the delivery's position.

    Returns False when the delivery had already been processed (nothing is written).
    A genuine concurrency conflict on an aggregate is re-raised so the message is retried.
    """
    processing: ProcessingEvent[Any] = ProcessingEvent(
        tracking=Tracking(delivery.stream, delivery.position)
    )
    processing.collect_events(*objs)
    stamp_cause(processing.events, delivery)
    try:
        # The library's own process applications record this way; the public save() has
        # no tracking argument.
        recordings = app._record(processing)
    except IntegrityError:
        if already_processed(app.recorder, delivery):  # type: ignore[arg-type]
            return False
        raise
    app._notify(recordings)
    return True


def stamp_cause(domain_events: list[Any], delivery: Delivery) -> None:
    """Carry the journey's correlation id onto the events a message caused, with the message
    as their cause. Stored with the event, read back by the translation when it publishes."""
    cause = delivery.message.envelope
    correlation = cause.correlation_id or cause.aggregate_id
    for domain_event in domain_events:
        object.__setattr__(domain_event, "correlation_id", correlation)
        object.__setattr__(domain_event, "causation_id", cause.event_id)
