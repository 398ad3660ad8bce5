"""The vacancies application on a real PostgreSQL: concurrent writers, version conflicts."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

from events.platform.settings import Settings
from services.runtime import Runtime
from services.vacancies.bootstrap import Vacancies
from tests.vacancies.conftest import NOW, home_details


def test_two_brokers_racing_for_the_last_bed_one_wins(production_settings: Settings) -> None:
    runtime = Runtime(production_settings, ("vacancies",))
    v = runtime.services["vacancies"]
    assert isinstance(v, Vacancies)
    home = v.app.register_home(occurred_at=NOW, **home_details()).id
    v.app.report_vacancies(home, free_beds={"nursing-dementia": 1}, reported_at=NOW)
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def broker(n: int) -> None:
        start.wait()
        try:
            v.app.reserve_bed(
                home,
                reservation_id=uuid.uuid4(),
                bed_type="nursing-dementia",
                reference=f"req-{n}",
                reserved_by=f"council-{n}",
                now=NOW,
                hold=timedelta(days=1),
            )
            outcomes.append("reserved")
        except Exception as exc:  # noqa: BLE001 - the outcome is what we compare
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=broker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["NoBedAvailable"] * 3 + ["reserved"]
    assert v.app.home(home).available_beds(NOW) == {
        "nursing-dementia": 0,
        "nursing-older_people": 0,
        "residential-dementia": 0,
        "residential-older_people": 0,
    }
    runtime.close()


def test_two_replicas_catching_up_one_read_model_at_once_write_each_row_once(
    production_settings: Settings,
) -> None:
    """Both replicas of a service follow its own log into one shared read model; a reader on
    each asks for the board at the same moment. Neither may fail or write a row twice."""
    first = Runtime(production_settings, ("vacancies",))
    second = Runtime(production_settings, ("vacancies",))
    a, b = first.services["vacancies"], second.services["vacancies"]
    assert isinstance(a, Vacancies) and isinstance(b, Vacancies)
    for n in range(60):
        details = home_details(cqc_location_id=f"1-9{n:03}", name=f"Home {n}")
        home = a.app.register_home(occurred_at=NOW, **details).id
        a.app.report_vacancies(home, free_beds={"nursing-dementia": n % 3}, reported_at=NOW)
    a.index.batch_size = b.index.batch_size = 7  # many small batches: many chances to collide
    boards: list[int] = []
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def reader(replica: Vacancies) -> None:
        start.wait()
        try:
            boards.append(sum(row.free_beds for row in replica.board(NOW)))
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=reader, args=(r,)) for r in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert boards == [sum(n % 3 for n in range(60))] * 2
    first.close()
    second.close()
