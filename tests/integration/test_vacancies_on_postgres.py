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
