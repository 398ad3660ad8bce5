"""The broker's placement events taken a poll at a time (as the Kafka consumer and the
embedded bus hand them over): the saga answers each step once, passes the other events by,
sets aside a step it cannot take while the rest of its poll goes on, and a poll delivered
again changes nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from events.contracts import broker as b
from events.delivery.messages import Delivery
from events.delivery.tracking import already_processed
from services.vacancies.bootstrap import Vacancies
from services.vacancies.policies import PlacementSaga
from tests.vacancies.application.test_reservation_saga import (
    ASKED_AT,
    Broker,
    a_home_with_free_beds,
    answers,
    bed_requested,
    free_now,
)


def collected(polls: list[list[Delivery]]) -> Broker:
    """A broker whose deliveries are kept, not handled: the test hands them over in polls."""
    polls.append([])
    return Broker(polls[-1].append)


def referral(home: uuid.UUID) -> b.ReferralSent:
    return b.ReferralSent(
        registration="nursing", referral_id="r1", home_id=home, answer_by=ASKED_AT
    )


@pytest.mark.parametrize("size", [1, 2, 100])
def test_polls_of_any_size_answer_each_step_once_and_pass_the_rest_by(
    vacancies: Vacancies, size: int
) -> None:
    home, first, second = a_home_with_free_beds(vacancies, 1), uuid.uuid4(), uuid.uuid4()
    polls: list[list[Delivery]] = []
    broker = collected(polls)
    broker.send(referral(home), uuid.uuid4())  # not a saga step
    broker.send(bed_requested(home, first), uuid.uuid4())
    broker.send(bed_requested(home, second), uuid.uuid4())  # the last bed is gone
    broker.send(
        b.OfferDeclined(registration="nursing", offer_id=first, home_id=home, reason="fee"),
        uuid.uuid4(),
    )
    broker.send(referral(home), uuid.uuid4())
    sent = polls[0]

    for again in (False, True):  # the second time, a rebalance hands the polls over again
        for start in range(0, len(sent), size):
            vacancies.guarded_saga.handle_batch(sent[start : start + size])
        assert answers(vacancies, home) == [
            ("BedReserved", first),
            ("ReservationRefused", second),
            ("ReservationReleased", first),
        ], f"delivered again: {again}"
    assert free_now(vacancies, home) == 1
    assert already_processed(vacancies.app.outbox, sent[-1])


def test_a_step_the_saga_cannot_take_is_set_aside_and_the_rest_of_its_poll_goes_on(
    vacancies: Vacancies, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, poisoned, fine = a_home_with_free_beds(vacancies, 2), uuid.uuid4(), uuid.uuid4()
    polls: list[list[Delivery]] = []
    broker = collected(polls)
    broker.send(bed_requested(home, poisoned), uuid.uuid4())
    broker.send(bed_requested(home, fine), uuid.uuid4())
    plan = PlacementSaga._plan

    def refusing(saga: PlacementSaga, message: Any) -> Any:
        if getattr(message.payload, "offer_id", None) == poisoned:
            raise ValueError("a step that raises on this message")
        return plan(saga, message)

    monkeypatch.setattr(PlacementSaga, "_plan", refusing)
    vacancies.guarded_saga.handle_batch(polls[0])
    vacancies.guarded_saga.handle_batch(polls[0])

    with vacancies.engine.connect() as conn:
        letters = vacancies.dead_letters.of(conn, "placement-saga")
    assert [x.position for x in letters] == [polls[0][0].position]
    assert answers(vacancies, home) == [("BedReserved", fine)]
