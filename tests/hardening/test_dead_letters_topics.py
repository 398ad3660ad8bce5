"""A consumer fed from a topic stops for no message: the broker's availability index, given a
vacancy report it cannot store between good messages, applies the good ones, keeps the bad
one as a dead letter with its envelope and moves past it; the same batch again changes
nothing."""

from __future__ import annotations

import json
import uuid

from events import topics
from events.delivery.deadletters import dead_letters
from events.delivery.messages import Delivery
from events.platform.timeutil import utcnow
from services.broker.bootstrap import Broker
from services.broker.projections.tables import free_beds, index_metadata
from services.runtime import Runtime
from services.vacancies.bootstrap import Vacancies
from tests.hardening.dead_letter_story import POISON_BEDS, letters_of, register
from tests.readmodel_rows import every_row


def _services(runtime: Runtime) -> tuple[Vacancies, Broker]:
    vacancies, broker = runtime.services["vacancies"], runtime.services["broker"]
    assert isinstance(vacancies, Vacancies) and isinstance(broker, Broker)
    return vacancies, broker


def _overheard(runtime: Runtime) -> list[Delivery]:
    """Every delivery on the care-homes topic, as the broker receives it."""
    assert runtime.bus is not None
    heard: list[Delivery] = []
    runtime.bus.subscribe(
        topics.named(topics.CARE_HOMES, runtime.settings.topic_prefix), heard.append
    )
    return heard


def _free_beds(broker: Broker) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    with broker.engine.connect() as conn:
        for row in conn.execute(free_beds.select()):
            out.setdefault(row.home_id, {})[row.bed_type] = row.free
    return out


def _reports(vacancies: Vacancies) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """Rose Lodge reports 2 beds; a home of 2**64 beds (an old build's) reports 2**63 free,
    which the vacancies domain allows and no column can hold; then Oak House reports 3."""
    at = utcnow()
    rose = register(vacancies, "1-100000001", "Rose Lodge", at)
    vast = register(vacancies, "1-100000002", "Vast Hall", at, registered_beds=2 * POISON_BEDS)
    oak = register(vacancies, "1-100000003", "Oak House", at)
    for home, n in ((rose, 2), (vast, POISON_BEDS), (oak, 3)):
        vacancies.app.report_vacancies(home, free_beds={"nursing-dementia": n}, reported_at=at)
    return rose, vast, oak


def test_a_report_the_index_cannot_store_is_set_aside_between_good_ones(runtime: Runtime) -> None:
    vacancies, broker = _services(runtime)
    heard = _overheard(runtime)
    rose, vast, oak = _reports(vacancies)

    runtime.drain()  # the relay publishes the six events to the broker in one batch

    assert len(heard) == 6
    assert _free_beds(broker) == {
        str(rose): {"nursing-dementia": 2},
        str(oak): {"nursing-dementia": 3},
    }
    assert broker.home(vast).name == "Vast Hall"  # its registration applied; its report did not
    [letter] = letters_of(broker)
    poisoned = next(d for d in heard if d.message.envelope.aggregate_id == vast and d.position == 5)
    assert (letter.consumer, letter.stream, letter.position) == (
        "availability",
        poisoned.stream,
        poisoned.position,
    )
    assert letter.event_type == "vacancies.VacanciesReported"
    assert letter.event_id == str(poisoned.message.envelope.event_id)
    assert "OverflowError" in letter.error
    assert letter.message is not None
    kept = json.loads(letter.message)
    assert kept["payload"]["free_beds"] == {"nursing-dementia": POISON_BEDS}  # the envelope whole
    with broker.engine.connect() as conn:
        assert broker.index.positions.get(conn, poisoned.stream) == heard[-1].position == 6


def test_redelivering_the_same_batch_changes_nothing(runtime: Runtime) -> None:
    vacancies, broker = _services(runtime)
    heard = _overheard(runtime)
    _reports(vacancies)
    runtime.drain()
    tables = [*index_metadata.sorted_tables, dead_letters]
    before = every_row(broker.engine, tables)

    broker.foreign.handle_batch(heard)  # Kafka redelivers the poll after a rebalance
    for delivery in heard:
        broker.foreign.handle(delivery)  # and each message once more on its own

    assert every_row(broker.engine, tables) == before  # the letter's time and error too
    assert len(letters_of(broker)) == 1
