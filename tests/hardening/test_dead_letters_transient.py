"""A failure of the infrastructure says nothing about the message: it is not set aside. It
propagates, nothing of the batch is written, and the next attempt applies it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from eventsourcing import persistence as es
from sqlalchemy import exc as sa
from sqlalchemy.engine import Connection

from events import topics
from events.delivery.deadletters import DeadLetters
from events.delivery.failures import is_transient
from events.delivery.messages import Delivery
from events.delivery.policy_guard import GuardedPolicy
from events.platform.timeutil import utcnow
from events.registry import Payload
from events.serialisation import Message
from services.broker.bootstrap import Broker
from services.broker.projections.availability import AvailabilityIndex
from services.runtime import Runtime
from services.vacancies.bootstrap import Vacancies
from services.vacancies.projections.care_home_index import CareHomeIndex
from tests.hardening.dead_letter_story import letters_of, register, served

ApplyBatch = Callable[[Any, Connection, list[Message[Payload]]], None]


def locked() -> sa.OperationalError:
    """What SQLite says when another writer holds the database."""
    return sa.OperationalError("UPDATE ...", None, sqlite3.OperationalError("database is locked"))


@contextmanager
def locked_once(projector: type[Any]) -> Iterator[list[int]]:
    """The database is locked the first time `projector` writes; yields the attempts."""
    original: ApplyBatch = projector.apply_batch
    attempts: list[int] = []

    def apply_batch(self: Any, conn: Connection, messages: list[Message[Payload]]) -> None:
        attempts.append(len(messages))
        if len(attempts) == 1:
            raise locked()
        original(self, conn, messages)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(projector, "apply_batch", apply_batch)
        yield attempts


def two_homes(vacancies: Vacancies) -> None:
    at = utcnow() - timedelta(hours=1)
    for cqc, name in (("1-100000001", "Rose Lodge"), ("1-100000003", "Oak House")):
        home = register(vacancies, cqc, name, at)
        vacancies.app.report_vacancies(home, free_beds={"nursing-dementia": 2}, reported_at=at)


def test_a_locked_database_stops_the_catch_up_writes_nothing_and_the_next_one_applies_all(
    vacancies: Vacancies,
) -> None:
    two_homes(vacancies)
    with locked_once(CareHomeIndex) as attempts:
        with pytest.raises(sa.OperationalError, match="database is locked"):
            vacancies.index.catch_up()
        assert attempts == [4]  # the batch was tried whole once, not message by message
        with vacancies.engine.connect() as conn:
            assert vacancies.index.positions.get(conn, "own-log") == 0
        assert letters_of(vacancies) == []

        assert vacancies.index.catch_up() == 4  # the next attempt, the lock gone

    assert letters_of(vacancies) == []
    assert served(vacancies) == {
        "Rose Lodge": {"nursing-dementia": 2},
        "Oak House": {"nursing-dementia": 2},
    }


def test_a_locked_database_under_a_topic_consumer_is_redelivered_not_set_aside(
    runtime: Runtime, vacancies: Vacancies
) -> None:
    broker = runtime.services["broker"]
    assert isinstance(broker, Broker)
    two_homes(vacancies)
    stream = f"{topics.named(topics.CARE_HOMES, runtime.settings.topic_prefix)}#0"
    with locked_once(AvailabilityIndex):
        with pytest.raises(sa.OperationalError):
            runtime.drain()  # the relay's publish fails with it: its position stays
        with broker.engine.connect() as conn:
            assert broker.index.positions.get(conn, stream) == 0
        assert letters_of(broker) == []

        runtime.drain()  # the relay publishes again; the broker applies it all

    with broker.engine.connect() as conn:
        assert broker.index.positions.get(conn, stream) == 4
    assert letters_of(broker) == []
    assert broker.home(vacancies.app.home_for_cqc("1-100000003").id).name == "Oak House"


def test_a_policy_sets_aside_what_is_its_messages_fault_and_raises_what_is_not(
    runtime: Runtime, vacancies: Vacancies
) -> None:
    broker = runtime.services["broker"]
    assert isinstance(broker, Broker)
    assert runtime.bus is not None
    heard: list[Delivery] = []
    runtime.bus.subscribe(
        topics.named(topics.CARE_HOMES, runtime.settings.topic_prefix), heard.append
    )
    two_homes(vacancies)
    runtime.drain()
    letters = DeadLetters(broker.engine)

    def locked_policy(delivery: Delivery) -> None:
        raise locked()

    def broken_policy(delivery: Delivery) -> None:
        raise ValueError("no such offer")

    with pytest.raises(sa.OperationalError):
        GuardedPolicy("a-policy", broker.app, letters, locked_policy)(heard[0])
    assert letters_of(broker) == []

    GuardedPolicy("a-policy", broker.app, letters, broken_policy)(heard[0])
    [letter] = letters_of(broker)
    assert (letter.consumer, letter.position, letter.error) == (
        "a-policy",
        heard[0].position,
        "ValueError: no such offer",
    )


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (locked(), True),
        (sqlite3.OperationalError("database is locked"), True),
        (psycopg.OperationalError("connection refused"), True),
        (sa.TimeoutError("QueuePool limit reached"), True),
        (es.RecordConflictError("another writer saved first"), True),
        (ConnectionResetError("peer"), True),
        (sa.OperationalError("INSERT", None, sqlite3.OperationalError("integer overflow")), False),
        (OverflowError("Python int too large to convert to SQLite INTEGER"), False),
        (sa.IntegrityError("INSERT", None, sqlite3.IntegrityError("NOT NULL")), False),
        (sa.DataError("INSERT", None, psycopg.errors.NumericValueOutOfRange("int4")), False),
        (KeyError("bed_type"), False),
        (ValueError("no such offer"), False),
    ],
    ids=lambda x: type(x).__name__ if isinstance(x, BaseException) else str(x),
)
def test_what_is_retried_and_what_is_set_aside(error: BaseException, transient: bool) -> None:
    assert is_transient(error) is transient
    wrapped = RuntimeError("while applying")
    wrapped.__cause__ = error
    assert is_transient(wrapped) is transient  # raised from it, as a translator would
