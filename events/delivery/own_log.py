"""A service's own log as its projections read it: notifications turned into messages, the
dead letter of one that cannot be applied, and the notifications of a few aggregates."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection, Iterator, Sequence

from eventsourcing.persistence import Notification
from sqlalchemy.engine import Connection

from events.delivery.deadletters import DeadLetter, DeadLetters, letter
from events.delivery.failures import describe
from events.delivery.guarded import apply_guarded
from events.delivery.projectors import Projector, apply_all
from events.delivery.relay import Outbox, Translate
from events.envelope import event_id_for
from events.registry import Payload, contract_for
from events.serialisation import Message

log = logging.getLogger(__name__)

STREAM = "own-log"
READ_BATCH = 10_000  # notifications read at a time when looking for some aggregates' events


def messages_of(translate: Translate, notes: Sequence[Notification]) -> list[Message[Payload]]:
    """The integration events the notifications publish, each validated by its contract."""
    return [
        Message(env, contract_for(env.event_type, env.schema_version).model_validate(env.payload))
        for note in notes
        for _topic, env in translate(note)
    ]


def letter_of(
    consumer: str, translate: Translate, note: Notification, error: Exception
) -> DeadLetter:
    """The dead letter of a notification: named by its integration event when it can be
    translated, else by the id that event would have and the stored event's topic."""
    try:
        envelopes = [env for _topic, env in translate(note)]
    except Exception:  # noqa: BLE001 - what failed is already in `error`
        envelopes = []
    event_id: object = ""
    if envelopes:
        event_id, event_type = envelopes[0].event_id, envelopes[0].event_type
    else:
        event_type = note.topic
        source = getattr(translate, "source", None)
        if source and isinstance(note.originator_id, uuid.UUID):
            event_id = event_id_for(source, note.originator_id, note.originator_version)
    return letter(
        consumer,
        STREAM,
        note.id,
        event_id=event_id,
        event_type=event_type,
        aggregate_id=note.originator_id,
        error=describe(error),
    )


def notes_of(
    outbox: Outbox, aggregates: Collection[uuid.UUID | str], upto: int
) -> Iterator[list[Notification]]:
    """The notifications of `aggregates` up to `upto`, in log order, a batch at a time. It
    reads the whole log through the library: it runs only when some aggregates were set
    aside, and they are few."""
    start = 0
    while notes := outbox.select_notifications(
        start, READ_BATCH, stop=upto, inclusive_of_start=False
    ):
        if wanted := [n for n in notes if n.originator_id in aggregates]:
            yield wanted
        start = notes[-1].id


def aggregate_ids(letters: Sequence[DeadLetter]) -> frozenset[uuid.UUID | str]:
    """The aggregates of some of the own log's dead letters, each as a uuid and as text (a
    store may read its ids either way)."""
    ids: set[uuid.UUID | str] = {each.aggregate_id for each in letters}
    for each in letters:
        try:
            ids.add(uuid.UUID(each.aggregate_id))
        except ValueError:
            continue
    return frozenset(ids)


class OwnLogApplier:
    """Applies notifications of the own log to one projection's projector in the caller's
    transaction, setting aside (in `letters`) each one that cannot be applied."""

    def __init__(self, consumer: str, translate: Translate, projector: Projector) -> None:
        self.consumer = consumer
        self.translate = translate
        self.projector = projector

    def apply(self, conn: Connection, notes: Sequence[Notification]) -> None:
        apply_all(self.projector, conn, messages_of(self.translate, notes))

    def apply_guarded(
        self, conn: Connection, letters: DeadLetters, notes: Sequence[Notification]
    ) -> int:
        """How many were set aside (events/delivery/guarded.py)."""

        def set_aside(conn: Connection, note: Notification, error: Exception) -> None:
            found = letter_of(self.consumer, self.translate, note, error)
            log.error(
                "%s set aside %s at %s #%s: %s",
                self.consumer,
                found.event_type,
                STREAM,
                note.id,
                found.error,
                extra={"consumer": self.consumer, "event_id": found.event_id},
            )
            letters.record(conn, found)

        return apply_guarded(conn, notes, self.apply, set_aside)
