"""The broker's placement events drive the hospital episode: the England DTOC reason of
record follows the search for a care home, and the admission to the home ends the stay."""

from __future__ import annotations

import itertools
import logging
import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest

from events import topics
from events.contracts import broker
from events.delivery.messages import Delivery, Outgoing
from events.delivery.tracking import already_processed
from events.serialisation import Message, build, encode
from services.discharge.application import Step
from services.discharge.bootstrap import Discharge
from services.discharge.domain.episode import Episode
from services.discharge.domain.vocabulary import check_reason
from services.discharge.policies import parse_rules
from services.discharge.projections.queries import LiveFilter
from services.runtime import Runtime

HOME = uuid.UUID("3b8f0a52-6f0e-4c1b-9a39-0d7c2f1e5a11")


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2025, 11, day, hour, 0, tzinfo=UTC)  # November: UK time is UTC


def admit(discharge: Discharge, reference: str = "ep-1", ready_day: int | None = 3) -> Episode:
    episode, created = discharge.app.admit(
        reference=reference,
        provider_code="RX1",
        provider_name="Royal Derby",
        site="",
        ward="",
        care_type="acute",
        la_code="E06000015",
        la_name="Derby",
        nhs_number=None,
        occurred_at=at(1, 10),
    )
    assert created
    if ready_day is not None:
        episode, _ = discharge.app.record(
            episode.id, [Step("mark_ready", pathway="P3", occurred_at=at(ready_day, 9))]
        )
    return episode


class Broker:
    """One placement request's events, as the broker would publish them."""

    def __init__(
        self, discharge: Discharge, episode_id: uuid.UUID | None, registration: str = "nursing"
    ) -> None:
        self.topic = topics.named(topics.PLACEMENTS, discharge.settings.topic_prefix)
        self.episode_id = episode_id
        self.registration = registration
        self.request_id = uuid.uuid4()
        self.version = itertools.count(1)
        self.position = itertools.count(1)

    def delivery(
        self, contract: type[broker.PlacementPayload], occurred_at: datetime, **fields: Any
    ) -> Delivery:
        payload = contract(episode_id=self.episode_id, registration=self.registration, **fields)
        envelope = build(
            payload,
            source="broker",
            aggregate_id=self.request_id,
            aggregate_version=next(self.version),
            occurred_at=occurred_at,
            recorded_at=occurred_at,
        )
        position = next(self.position)
        return Delivery(self.topic, 0, position, position, Message(envelope, payload))

    def requested(self, day: int) -> Delivery:
        return self.delivery(
            broker.PlacementRequested,
            at(day, 10),
            council_code="E06000015",
            status="needs_details",
            location="hospital",
        )

    def admitted(self, day: int) -> Delivery:
        return self.delivery(
            broker.PlacementAdmitted,
            at(day, 14),
            offer_id=uuid.uuid4(),
            home_id=HOME,
            home_name="Meadow View",
            bed_type="nursing",
        )


def days_by_reason(discharge: Discharge) -> dict[str, int]:
    return dict(discharge.dtoc("2025-11", "la").england.by_reason)


def test_the_broker_moves_the_reason_from_dii_to_a_to_g_to_dii_until_the_admission(
    discharge: Discharge,
) -> None:
    episode = admit(discharge)
    b = Broker(discharge, episode.id, "nursing")
    handle = discharge.placements.handle

    handle(b.requested(3))  # Dii on the 3rd and 4th
    open_blocker = next(iter(discharge.app.episode(episode.id).blockers.values()))
    assert (open_blocker.code, open_blocker.agency) == ("Dii", "Social Care")
    assert (open_blocker.owner_org, open_blocker.owner_team) == ("E06000015", "brokerage")
    handle(
        b.delivery(
            broker.PlacementDetailsCompleted,
            at(4),
            care_category="dementia",
            funding="la",
            urgency="routine",
        )
    )
    # restating the reason in force keeps the wait where it began
    assert list(discharge.app.episode(episode.id).blockers.values()) == [open_blocker]
    handle(b.delivery(broker.ReferralSent, at(4), referral_id="r1", home_id=HOME, answer_by=at(6)))
    handle(b.delivery(broker.ReferralAccepted, at(5), referral_id="r1", home_id=HOME))  # A
    handle(
        b.delivery(
            broker.AssessmentBooked, at(6), home_id=HOME, assessor="home", on=date(2025, 11, 7)
        )
    )
    handle(
        b.delivery(
            broker.OfferDeclined, at(8), offer_id=uuid.uuid4(), home_id=HOME, reason="location"
        )
    )
    handle(
        b.delivery(broker.ReferralDeclined, at(10), referral_id="r2", home_id=HOME, reason="fee")
    )

    [live] = discharge.live(LiveFilter(), now=at(12))
    assert (live.episode_id, live.reason, live.agency) == (str(episode.id), "Dii", "Social Care")

    handle(b.admitted(13))

    ended = discharge.app.episode(episode.id)
    assert ended.ended == ("discharged", at(13, 14))
    assert discharge.app.history(episode.id)[-1].destination == "care home: Meadow View"  # type: ignore[attr-defined]
    assert discharge.live(LiveFilter(), now=at(14)) == []
    # delayed days at each midnight from the 3rd to the 12th, the reason then in force
    assert days_by_reason(discharge) == {"Dii": 2 + 3, "A": 3, "G": 2}
    assert dict(discharge.dtoc("2025-11", "la").england.by_agency) == {"Social Care": 10}


def test_a_residential_request_waits_under_di(discharge: Discharge) -> None:
    episode = admit(discharge)
    b = Broker(discharge, episode.id, "residential")
    discharge.placements.handle(b.requested(3))
    discharge.placements.handle(b.admitted(6))
    assert days_by_reason(discharge) == {"Di": 3}


def test_the_same_delivery_twice_changes_nothing(discharge: Discharge) -> None:
    episode = admit(discharge)
    b = Broker(discharge, episode.id)
    requested = b.requested(3)
    accepted = b.delivery(broker.ReferralAccepted, at(5), referral_id="r1", home_id=HOME)
    for delivery in (requested, accepted):
        discharge.placements.handle(delivery)
        version = discharge.app.episode(episode.id).version
        discharge.placements.handle(delivery)
        assert discharge.app.episode(episode.id).version == version
    # republished under a new position (a replayed topic), an event still applies once
    again = Delivery(requested.topic, 0, 100, 100, requested.message)
    discharge.placements.handle(again)
    assert already_processed(discharge.app.outbox, again)
    assert discharge.app.episode(episode.id).version == version
    b.position = itertools.count(101)
    admitted = b.admitted(7)
    discharge.placements.handle(admitted)
    version = discharge.app.episode(episode.id).version
    discharge.placements.handle(admitted)
    assert discharge.app.episode(episode.id).version == version
    assert days_by_reason(discharge) == {"Dii": 2, "A": 2}


def test_an_event_for_an_unknown_episode_is_recorded_and_ignored(
    discharge: Discharge, caplog: pytest.LogCaptureFixture
) -> None:
    b = Broker(discharge, uuid.uuid4())
    delivery = b.requested(3)
    with caplog.at_level(logging.WARNING, logger="services.discharge.policies"):
        discharge.placements.handle(delivery)
    assert already_processed(discharge.app.outbox, delivery)
    assert "no episode" in caplog.text
    assert discharge.dtoc("2025-11", "la").england.total == 0


def test_requests_without_an_episode_and_unlisted_events_change_nothing(
    discharge: Discharge, caplog: pytest.LogCaptureFixture
) -> None:
    episode = admit(discharge)
    community = Broker(discharge, None)
    b = Broker(discharge, episode.id)
    b.position = itertools.count(10)
    deliveries = [
        community.requested(3),
        b.delivery(broker.ReferralSent, at(4), referral_id="r1", home_id=HOME, answer_by=at(6)),
        b.delivery(broker.PlacementCancelled, at(5), reason="went_home"),
    ]
    with caplog.at_level(logging.WARNING, logger="services.discharge.policies"):
        for delivery in deliveries:
            discharge.placements.handle(delivery)
            assert already_processed(discharge.app.outbox, delivery)
    assert caplog.records == []
    assert discharge.app.episode(episode.id).blockers == {}


def test_what_the_episode_refuses_or_comes_after_it_ended_changes_nothing(
    discharge: Discharge, caplog: pytest.LogCaptureFixture
) -> None:
    episode = admit(discharge)
    b = Broker(discharge, episode.id)
    before_admission = b.delivery(broker.ReferralAccepted, at(1, 8), referral_id="r", home_id=HOME)
    with caplog.at_level(logging.WARNING, logger="services.discharge.policies"):
        discharge.placements.handle(before_admission)
        assert "before the admission" in caplog.text
        discharge.app.end(episode.id, kind="died", occurred_at=at(4))
        version = discharge.app.episode(episode.id).version
        late = [b.requested(5), b.admitted(6)]
        for delivery in late:
            discharge.placements.handle(delivery)
        assert "already died" in caplog.text
    for delivery in (before_admission, *late):
        assert already_processed(discharge.app.outbox, delivery)
    assert discharge.app.episode(episode.id).version == version
    assert discharge.app.episode(episode.id).ended == ("died", at(4))


def test_the_service_follows_the_placements_topic_on_the_bus(
    runtime: Runtime, discharge: Discharge
) -> None:
    episode = admit(discharge)
    delivery = Broker(discharge, episode.id).requested(3)
    assert runtime.bus is not None
    envelope = delivery.message.envelope
    runtime.bus.publish([Outgoing(delivery.topic, str(envelope.aggregate_id), encode(envelope), 1)])
    [blocker] = discharge.app.episode(episode.id).blockers.values()
    assert (blocker.code, blocker.opened_at) == ("Dii", at(3, 10))


def test_every_mapped_reason_is_one_the_dtoc_table_allows(discharge: Discharge) -> None:
    rules = parse_rules(discharge.broker_to_dtoc)
    assert set(rules) >= {
        "broker.PlacementRequested",
        "broker.ReferralAccepted",
        "broker.OfferDeclined",
    }
    for rule in rules.values():
        for code in rule.codes.values():
            check_reason("dtoc", code, rule.agency)
    assert rules["broker.PlacementRequested"].codes == {"residential": "Di", "nursing": "Dii"}
    assert rules["broker.OfferDeclined"].codes == {"residential": "G", "nursing": "G"}


@pytest.mark.parametrize(
    ("mapping", "complaint"),
    [
        ({"broker.OfferDeclined": {"reason": "C", "agency": "Social Care"}}, "cannot be"),
        ({"broker.OfferDeclined": {"reason": "Q", "agency": "NHS"}}, "not a dtoc reason"),
        ({"broker.Nonsense": {"reason": "A", "agency": "NHS"}}, "not a published"),
        ({"broker.OfferDeclined": {"reason": {"nursing": "Dii"}, "agency": "NHS"}}, "registration"),
        ({"broker.PlacementAdmitted": {"reason": "A", "agency": "NHS"}}, "ends the episode"),
    ],
)
def test_a_mapping_the_dtoc_table_does_not_allow_is_refused(
    mapping: dict[str, Any], complaint: str
) -> None:
    with pytest.raises(ValueError, match=complaint):
        parse_rules(mapping)


def test_a_concurrent_change_to_the_episode_is_retried_on_fresh_state(
    discharge: Discharge, monkeypatch: pytest.MonkeyPatch
) -> None:
    episode = admit(discharge)
    load = discharge.app.episode
    calls = []

    def stale_first(episode_id: uuid.UUID) -> Episode:
        calls.append(episode_id)
        loaded = load(episode_id)
        if len(calls) == 1:  # another writer saves after this load
            other = load(episode_id)
            other.open_blocker(
                blocker_id="ward-1",
                vocabulary="sitrep",
                code="TTO",
                agency=None,
                owner_org="RX1",
                owner_team="pharmacy",
                occurred_at=at(3, 11),
                now=datetime.now(UTC),
            )
            discharge.app.save(other)
        return loaded

    monkeypatch.setattr(discharge.app, "episode", stale_first)
    discharge.placements.handle(Broker(discharge, episode.id).requested(3))
    assert len(calls) == 2
    blockers = load(episode.id).blockers
    assert sorted(b.code for b in blockers.values()) == ["Dii", "TTO"]


def test_a_request_opened_before_its_needs_are_known_sets_no_reason_and_warns_of_nothing(
    discharge: Discharge, caplog: pytest.LogCaptureFixture
) -> None:
    episode = admit(discharge)
    b = Broker(discharge, episode.id, "")  # opened from the ward: registration not yet assessed
    with caplog.at_level(logging.WARNING):
        discharge.placements.handle(b.requested(3))
    assert discharge.app.episode(episode.id).blockers == {}
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
