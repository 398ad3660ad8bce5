"""The vacancies side of the broker's bed-reservation saga: the broker's placement events
arrive as deliveries, and the home holds, refuses, releases or occupies beds in answer."""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from events import topics
from events.contracts import broker as b
from events.contracts import vacancies as v
from events.delivery.messages import Delivery, Outgoing
from events.registry import Payload
from events.serialisation import Message, build, encode
from services.runtime import Runtime
from services.vacancies.bootstrap import Vacancies
from tests.vacancies.conftest import NOW, home_details

COUNCIL = "E08000014"
BED = "nursing-dementia"
ASKED_AT = NOW + timedelta(hours=1)


class Broker:
    """Plays the broker: its placement events, numbered as the bus would deliver them."""

    def __init__(self, handle: Callable[[Delivery], None]) -> None:
        self.handle = handle
        self.position = 0
        self.versions: dict[uuid.UUID, int] = defaultdict(int)

    def delivery(self, payload: Payload, request: uuid.UUID, at: datetime) -> Delivery:
        self.position += 1
        self.versions[request] += 1
        envelope = build(
            payload,
            source=b.SOURCE,
            aggregate_id=request,
            aggregate_version=self.versions[request],
            occurred_at=at,
            recorded_at=at,
        )
        return Delivery(
            topics.PLACEMENTS,
            partition=0,
            offset=self.position - 1,
            position=self.position,
            message=Message(envelope, payload),
        )

    def send(self, payload: Payload, request: uuid.UUID, at: datetime = ASKED_AT) -> Delivery:
        delivery = self.delivery(payload, request, at)
        self.handle(delivery)
        return delivery


@pytest.fixture
def broker(vacancies: Vacancies) -> Broker:
    return Broker(vacancies.saga.handle)


def a_home_with_free_beds(vacancies: Vacancies, free: int, **overrides: object) -> uuid.UUID:
    home = vacancies.app.register_home(occurred_at=NOW, **home_details(**overrides)).id
    vacancies.app.report_vacancies(home, free_beds={BED: free}, reported_at=NOW)
    return home


def bed_requested(
    home: uuid.UUID, offer: uuid.UUID, hours: float = 72
) -> b.BedReservationRequested:
    return b.BedReservationRequested(
        registration="nursing",
        offer_id=offer,
        home_id=home,
        bed_type=BED,
        council_code=COUNCIL,
        hold_hours=hours,
    )


def answers(vacancies: Vacancies, home: uuid.UUID) -> list[tuple[str, uuid.UUID]]:
    """The home's events about reservations, in order: what the broker hears back."""
    return [
        (type(e).__qualname__.split(".")[-1], e.reservation_id)  # type: ignore[attr-defined]
        for e in vacancies.app.history(home)
        if hasattr(e, "reservation_id")
    ]


def free_now(vacancies: Vacancies, home: uuid.UUID) -> int:
    return vacancies.app.home(home).available_beds(ASKED_AT)[BED]


def test_a_reservation_request_holds_a_bed_and_answers_bed_reserved(
    vacancies: Vacancies, runtime: Runtime, broker: Broker
) -> None:
    home, request, offer = a_home_with_free_beds(vacancies, 2), uuid.uuid4(), uuid.uuid4()
    published: list[Delivery] = []
    assert runtime.bus is not None
    runtime.bus.subscribe(topics.CARE_HOMES, published.append)

    broker.send(bed_requested(home, offer), request)

    hold = vacancies.app.home(home).reservation(offer)
    assert (hold.status, hold.bed_type, hold.reference, hold.reserved_by) == (
        "held",
        BED,
        str(request),
        COUNCIL,
    )
    assert hold.expires_at == ASKED_AT + timedelta(hours=72)
    assert free_now(vacancies, home) == 1
    assert answers(vacancies, home) == [("BedReserved", offer)]
    vacancies.drain()
    answer = published[-1].message
    assert isinstance(answer.payload, v.BedReserved)
    assert answer.payload.reservation_id == offer
    assert answer.envelope.aggregate_id == home


def test_the_last_bed_goes_to_the_first_offer_and_the_second_is_refused(
    vacancies: Vacancies, broker: Broker
) -> None:
    home = a_home_with_free_beds(vacancies, 1)
    first, second = uuid.uuid4(), uuid.uuid4()
    second_request = uuid.uuid4()

    broker.send(bed_requested(home, first), uuid.uuid4())
    broker.send(bed_requested(home, second), second_request)

    assert answers(vacancies, home) == [("BedReserved", first), ("ReservationRefused", second)]
    refused = vacancies.app.history(home)[-1]
    assert refused.reason == f"no {BED} bed is free at Rose Lodge"  # type: ignore[attr-defined]
    assert refused.reference == str(second_request)  # type: ignore[attr-defined]
    assert free_now(vacancies, home) == 0


def test_a_suspended_home_refuses_the_request(vacancies: Vacancies, broker: Broker) -> None:
    home, offer = a_home_with_free_beds(vacancies, 3), uuid.uuid4()
    vacancies.app.suspend_placements(home, reason="safeguarding", note="", occurred_at=NOW)

    broker.send(bed_requested(home, offer), uuid.uuid4())

    assert answers(vacancies, home) == [("ReservationRefused", offer)]
    assert "suspended" in vacancies.app.history(home)[-1].reason  # type: ignore[attr-defined]


def test_a_redelivered_request_holds_only_one_bed(vacancies: Vacancies, broker: Broker) -> None:
    home, offer = a_home_with_free_beds(vacancies, 2), uuid.uuid4()
    delivery = broker.send(bed_requested(home, offer), uuid.uuid4())
    version = vacancies.app.home(home).version

    vacancies.saga.handle(delivery)

    assert vacancies.app.home(home).version == version
    assert answers(vacancies, home) == [("BedReserved", offer)]
    assert free_now(vacancies, home) == 1


def test_a_decline_that_overtakes_its_request_leaves_no_bed_held(
    vacancies: Vacancies, broker: Broker
) -> None:
    home, request, offer = a_home_with_free_beds(vacancies, 1), uuid.uuid4(), uuid.uuid4()
    declined = b.OfferDeclined(
        registration="nursing", offer_id=offer, home_id=home, reason="family_choice"
    )

    broker.send(declined, request)
    broker.send(bed_requested(home, offer), request)

    assert answers(vacancies, home) == [
        ("ReservationReleased", offer),
        ("ReservationRefused", offer),
    ]
    assert vacancies.app.home(home).active_reservations(ASKED_AT) == {}
    assert free_now(vacancies, home) == 1


def test_a_declined_offer_frees_its_bed_once(vacancies: Vacancies, broker: Broker) -> None:
    home, request, offer = a_home_with_free_beds(vacancies, 1), uuid.uuid4(), uuid.uuid4()
    broker.send(bed_requested(home, offer), request)

    broker.send(
        b.OfferDeclined(registration="nursing", offer_id=offer, home_id=home, reason="fee_top_up"),
        request,
    )
    broker.send(
        b.PlacementCancelled(
            registration="nursing", reason="went_home", offer_id=offer, home_id=home
        ),
        request,
    )

    assert answers(vacancies, home) == [("BedReserved", offer), ("ReservationReleased", offer)]
    assert free_now(vacancies, home) == 1


def test_admission_occupies_the_held_bed(vacancies: Vacancies, broker: Broker) -> None:
    home, request, offer = a_home_with_free_beds(vacancies, 2), uuid.uuid4(), uuid.uuid4()
    broker.send(bed_requested(home, offer), request)

    admitted = b.PlacementAdmitted(
        registration="nursing", offer_id=offer, home_id=home, home_name="Rose Lodge", bed_type=BED
    )
    broker.send(admitted, request, at=ASKED_AT + timedelta(days=1))

    care_home = vacancies.app.home(home)
    assert care_home.reservation(offer).status == "occupied"
    assert care_home.free_beds == {BED: 1}
    assert answers(vacancies, home) == [("BedReserved", offer), ("BedOccupied", offer)]


def test_a_cancelled_placement_releases_its_hold(vacancies: Vacancies, broker: Broker) -> None:
    home, request, offer = a_home_with_free_beds(vacancies, 1), uuid.uuid4(), uuid.uuid4()
    broker.send(bed_requested(home, offer), request)
    assert free_now(vacancies, home) == 0

    cancelled = b.PlacementCancelled(
        registration="nursing", reason="died", offer_id=offer, home_id=home
    )
    broker.send(cancelled, request)

    assert vacancies.app.home(home).reservation(offer).status == "released"
    assert answers(vacancies, home) == [("BedReserved", offer), ("ReservationReleased", offer)]
    assert free_now(vacancies, home) == 1


def test_a_request_for_an_unknown_home_is_skipped_once(
    vacancies: Vacancies, broker: Broker, caplog: pytest.LogCaptureFixture
) -> None:
    nowhere = uuid.uuid4()
    with caplog.at_level(logging.WARNING, logger="services.vacancies.policies"):
        delivery = broker.send(bed_requested(nowhere, uuid.uuid4()), uuid.uuid4())
        vacancies.saga.handle(delivery)

    assert [r.getMessage() for r in caplog.records] == [
        f"broker.BedReservationRequested for unknown care home {nowhere}: skipped"
    ]


def test_a_vacancy_report_saved_while_the_saga_decides_makes_it_decide_again(
    vacancies: Vacancies, broker: Broker, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, offer = a_home_with_free_beds(vacancies, 1), uuid.uuid4()
    load = vacancies.app.home
    interrupted: list[bool] = []

    def load_then_the_home_reports_it_is_full(home_id: uuid.UUID):  # type: ignore[no-untyped-def]
        loaded = load(home_id)
        if not interrupted:
            interrupted.append(True)
            vacancies.app.report_vacancies(home_id, free_beds={}, reported_at=ASKED_AT)
        return loaded

    monkeypatch.setattr(vacancies.app, "home", load_then_the_home_reports_it_is_full)
    broker.send(bed_requested(home, offer), uuid.uuid4())
    monkeypatch.undo()

    assert answers(vacancies, home) == [("ReservationRefused", offer)]


def test_the_broker_reaches_the_saga_through_the_bus(
    vacancies: Vacancies, runtime: Runtime
) -> None:
    home, request, offer = a_home_with_free_beds(vacancies, 1), uuid.uuid4(), uuid.uuid4()
    envelope = build(
        bed_requested(home, offer),
        source=b.SOURCE,
        aggregate_id=request,
        aggregate_version=7,
        occurred_at=ASKED_AT,
        recorded_at=ASKED_AT,
    )
    assert runtime.bus is not None
    topic = topics.named(topics.PLACEMENTS, vacancies.settings.topic_prefix)

    runtime.bus.publish([Outgoing(topic, str(request), encode(envelope), position=1)])

    assert answers(vacancies, home) == [("BedReserved", offer)]
