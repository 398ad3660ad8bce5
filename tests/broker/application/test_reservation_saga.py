"""The bed-reservation saga from the broker's side, on the embedded default: answers that
arrive twice, late or out of order, and two brokers offering the last bed at once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from events.contracts import vacancies as v
from events.delivery.messages import Delivery
from events.platform.settings import Settings
from events.serialisation import Message, build
from events.topics import CARE_HOMES
from services.broker.bootstrap import Broker
from services.runtime import Runtime
from services.vacancies.bootstrap import Vacancies
from tests.vacancies.conftest import home_details

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def runtime(embedded_settings: Settings) -> Iterator[Runtime]:
    rt = Runtime(embedded_settings, ("vacancies", "broker"))
    yield rt
    rt.close()


def services(runtime: Runtime) -> tuple[Vacancies, Broker]:
    vac, broker = runtime.services["vacancies"], runtime.services["broker"]
    assert isinstance(vac, Vacancies) and isinstance(broker, Broker)
    return vac, broker


def one_bed_home(runtime: Runtime) -> uuid.UUID:
    vac, _ = services(runtime)
    home = vac.app.register_home(occurred_at=NOW - timedelta(days=1), **home_details())
    vac.app.report_vacancies(home.id, free_beds={"nursing-dementia": 1}, reported_at=NOW)
    runtime.drain()
    return home.id


def assessed_request(runtime: Runtime, home_id: uuid.UUID, council: str = "E08000014") -> uuid.UUID:
    _, broker = services(runtime)
    request_id = uuid.uuid4()
    broker.app.open_request(
        request_id=request_id, council_code=council, episode_id=None, location="community",
        registration="nursing", care_category="dementia", specialisms=[], preferred_localities=[],
        preferred_home_ids=[], funding="council", urgency="urgent", occurred_at=NOW,
    )  # fmt: skip
    home = broker.home(home_id)
    broker.app.command(
        request_id,
        "refer",
        referral_id="r1",
        home=home,
        answer_by=NOW + timedelta(days=1),
        occurred_at=NOW,
    )
    broker.app.command(
        request_id, "answer_referral", referral_id="r1", accept=True, reason=None, occurred_at=NOW
    )
    broker.app.command(
        request_id,
        "book_assessment",
        home_id=home_id,
        assessor="home",
        on=date.today(),
        occurred_at=NOW,
    )
    broker.app.command(
        request_id, "complete_assessment", home_id=home_id, can_meet_needs=True, occurred_at=NOW
    )
    return request_id


def offer(runtime: Runtime, request_id: uuid.UUID, home_id: uuid.UUID) -> uuid.UUID:
    _, broker = services(runtime)
    offer_id = uuid.uuid4()
    broker.app.command(
        request_id, "offer_bed", offer_id=offer_id, home=broker.home(home_id),
        weekly_fee=1000.0, top_up=0.0, hold_hours=72, occurred_at=NOW,
    )  # fmt: skip
    return offer_id


def test_two_brokers_offering_the_last_bed_one_wins_and_the_other_is_told_why(
    runtime: Runtime,
) -> None:
    home = one_bed_home(runtime)
    first = assessed_request(runtime, home, "E08000014")
    second = assessed_request(runtime, home, "E08000012")
    offer(runtime, first, home)
    offer(runtime, second, home)
    runtime.drain()
    _, broker = services(runtime)
    stages = {broker.app.request(r).stage for r in (first, second)}
    assert stages == {"offered", "seeking"}
    loser = first if broker.app.request(first).stage == "seeking" else second
    failed = [e for e in broker.app.history(loser) if type(e).__name__ == "OfferFailed"]
    assert len(failed) == 1 and "nursing-dementia" in failed[0].reason  # type: ignore[attr-defined]


def answer(
    payload: v.ReservationRefused | v.BedReserved, home: uuid.UUID, position: int
) -> Delivery:
    env = build(
        payload,
        source="vacancies",
        aggregate_id=home,
        aggregate_version=position,
        occurred_at=NOW,
        recorded_at=NOW,
    )
    return Delivery(CARE_HOMES, 0, position, position, Message(env, payload))


def test_a_repeated_late_or_contradictory_answer_changes_nothing(runtime: Runtime) -> None:
    home = one_bed_home(runtime)
    request = assessed_request(runtime, home)
    offer_id = offer(runtime, request, home)
    _, broker = services(runtime)
    held = v.BedReserved(
        reservation_id=offer_id, bed_type="nursing-dementia", reference=str(request),
        reserved_by="E08000014", expires_at=NOW + timedelta(days=3),
    )  # fmt: skip
    broker.foreign.handle(answer(held, home, 1000))
    version = broker.app.request(request).version
    broker.foreign.handle(answer(held, home, 1000))  # redelivered
    broker.foreign.handle(answer(held, home, 1001))  # republished under a new position
    refused = v.ReservationRefused(
        reservation_id=offer_id, bed_type="nursing-dementia", reference=str(request),
        reserved_by="E08000014", reason="late and contradictory",
    )  # fmt: skip
    broker.foreign.handle(answer(refused, home, 1002))
    assert broker.app.request(request).version == version
    assert broker.app.request(request).stage == "offered"


def test_a_declined_offer_frees_the_bed_for_the_next_person(runtime: Runtime) -> None:
    home = one_bed_home(runtime)
    first = assessed_request(runtime, home)
    offer_id = offer(runtime, first, home)
    runtime.drain()
    vac, broker = services(runtime)
    assert vac.app.home(home).available_beds(datetime.now(UTC))["nursing-dementia"] == 0
    broker.app.command(
        first, "decline_offer", offer_id=offer_id, reason="family_choice", occurred_at=NOW
    )
    runtime.drain()
    assert vac.app.home(home).available_beds(datetime.now(UTC))["nursing-dementia"] == 1
    second = assessed_request(runtime, home, "E08000012")
    offer(runtime, second, home)
    runtime.drain()
    assert broker.app.request(second).stage == "offered"
