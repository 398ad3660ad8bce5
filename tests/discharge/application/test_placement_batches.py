"""The broker's placement events taken a poll at a time (as the Kafka consumer and the
embedded bus hand them over) leave the episode as taking them one at a time does: a batch
delivered again changes nothing, a message the policy cannot apply is set aside while the
rest of its batch applies, and a batch cut short by the database going away applies exactly
once when it is delivered again."""

from __future__ import annotations

import itertools
import uuid
from datetime import date
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from events.contracts import broker
from events.delivery.messages import Delivery
from events.delivery.tracking import already_processed
from services.discharge.bootstrap import Discharge
from tests.discharge.application.test_placement_progress import (
    HOME,
    Broker,
    admit,
    at,
    days_by_reason,
)


def journey(b: Broker) -> list[Delivery]:
    """Dii from the 3rd, A from the 5th, G from the 8th, Dii from the 10th, admitted the 13th;
    with events the policy passes by on their type among them."""
    offer = uuid.uuid4()
    return [
        b.requested(3),
        b.delivery(broker.ReferralSent, at(4), referral_id="r1", home_id=HOME, answer_by=at(6)),
        b.delivery(broker.ReferralAccepted, at(5), referral_id="r1", home_id=HOME),
        b.delivery(
            broker.AssessmentBooked, at(6), home_id=HOME, assessor="home", on=date(2025, 11, 7)
        ),
        b.delivery(broker.OfferDeclined, at(8), offer_id=offer, home_id=HOME, reason="location"),
        b.delivery(broker.ReferralDeclined, at(10), referral_id="r2", home_id=HOME, reason="fee"),
        b.admitted(13),
    ]


def in_polls(discharge: Discharge, deliveries: list[Delivery], size: int) -> None:
    for start in range(0, len(deliveries), size):
        discharge.guarded_placements.handle_batch(deliveries[start : start + size])


@pytest.mark.parametrize("size", [1, 2, 3, 100])
def test_polls_of_any_size_move_the_reason_as_one_message_at_a_time_does(
    discharge: Discharge, size: int
) -> None:
    episode = admit(discharge)
    deliveries = journey(Broker(discharge, episode.id))

    in_polls(discharge, deliveries, size)

    assert days_by_reason(discharge) == {"Dii": 2 + 3, "A": 3, "G": 2}
    assert discharge.app.episode(episode.id).ended == ("discharged", at(13, 14))
    version = discharge.app.episode(episode.id).version
    in_polls(discharge, deliveries, 5)  # a rebalance hands the polls over again
    assert discharge.app.episode(episode.id).version == version
    assert all(already_processed(discharge.app.outbox, d) for d in deliveries)


def test_a_poll_ending_in_events_passed_by_on_their_type_records_its_position(
    discharge: Discharge,
) -> None:
    episode = admit(discharge)
    b, community = Broker(discharge, episode.id), Broker(discharge, None)
    requested = b.requested(3)
    b.position = itertools.count(3)
    passed_by = [  # a request with no hospital episode; a type with no reason of its own
        Delivery(requested.topic, 0, 2, 2, community.requested(4).message),
        b.delivery(broker.ReferralSent, at(4), referral_id="r1", home_id=HOME, answer_by=at(6)),
    ]

    discharge.guarded_placements.handle_batch([requested, *passed_by])

    assert already_processed(discharge.app.outbox, passed_by[-1])
    [blocker] = discharge.app.episode(episode.id).blockers.values()
    assert (blocker.code, blocker.opened_at) == ("Dii", at(3, 10))


def test_a_message_the_policy_cannot_apply_is_set_aside_and_the_rest_of_its_poll_applies(
    discharge: Discharge, monkeypatch: pytest.MonkeyPatch
) -> None:
    episode = admit(discharge)
    deliveries = journey(Broker(discharge, episode.id))
    poison = deliveries[2]  # the referral accepted: A would start on the 5th
    set_reason = discharge.placements._set_reason

    def refusing(episode: Any, envelope: Any, payload: Any) -> None:
        if envelope.event_id == poison.message.envelope.event_id:
            raise ValueError("a rule that raises on this message")
        set_reason(episode, envelope, payload)

    monkeypatch.setattr(discharge.placements, "_set_reason", refusing)
    in_polls(discharge, deliveries, 100)
    in_polls(discharge, deliveries, 100)  # delivered again: no second letter, nothing doubled

    with discharge.engine.connect() as conn:
        letters = discharge.dead_letters.of(conn, "placement-progress")
    assert [(x.stream, x.position) for x in letters] == [(poison.stream, poison.position)]
    assert "a rule that raises" in letters[0].error
    # without the acceptance the wait stays Dii a day longer, until the assessment booked
    assert days_by_reason(discharge) == {"Dii": 3 + 3, "A": 2, "G": 2}
    assert discharge.app.episode(episode.id).ended == ("discharged", at(13, 14))


def test_a_poll_cut_short_by_the_database_applies_exactly_once_when_delivered_again(
    discharge: Discharge, monkeypatch: pytest.MonkeyPatch
) -> None:
    episode = admit(discharge)
    deliveries = journey(Broker(discharge, episode.id))
    set_reason = discharge.placements._set_reason
    down = {"yes": True}

    def database_gone_at_the_offer(episode: Any, envelope: Any, payload: Any) -> None:
        if down["yes"] and envelope.event_type == broker.OfferDeclined.event_type:
            raise OperationalError("UPDATE", {}, Exception("server closed the connection"))
        set_reason(episode, envelope, payload)

    monkeypatch.setattr(discharge.placements, "_set_reason", database_gone_at_the_offer)
    with pytest.raises(OperationalError):
        discharge.guarded_placements.handle_batch(deliveries)
    assert not already_processed(discharge.app.outbox, deliveries[4])
    down["yes"] = False
    discharge.guarded_placements.handle_batch(deliveries)  # the consumer rewinds the poll

    with discharge.engine.connect() as conn:
        assert discharge.dead_letters.of(conn) == []
    assert days_by_reason(discharge) == {"Dii": 2 + 3, "A": 3, "G": 2}
