"""On PostgreSQL a service's relay publishes what another process commits to its store (an
import from the command line, another API replica) as soon as it commits: it LISTENs to the
store's NOTIFY. Its poll here is an hour apart, so only the notification can wake it within
the test."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import psycopg

from events.platform.settings import Settings
from services.vacancies.bootstrap import Vacancies
from tests.vacancies.conftest import NOW, home_details

AN_HOUR = 3600.0
ENOUGH = 60.0  # seconds on a loaded machine; a notified relay takes milliseconds


def eventually(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + ENOUGH
    while not check():
        assert time.monotonic() < deadline, f"{what}: not within {ENOUGH:.0f} s"
        time.sleep(0.02)


def listening(database: str) -> bool:
    with psycopg.connect(database) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND query LIKE 'LISTEN %%'"
        ).fetchone()
    return row is not None and row[0] > 0


def test_a_commit_of_another_process_wakes_the_relay(production_settings: Settings) -> None:
    settings = production_settings.model_copy(update={"relay_interval_seconds": AN_HOUR})
    assert settings.postgres_url
    serving, importing = Vacancies(settings, None), Vacancies(settings, None)
    stop = threading.Event()
    relay = threading.Thread(target=serving.relay.run_forever, args=(stop, AN_HOUR))
    try:
        relay.start()
        eventually(lambda: listening(settings.postgres_url or ""), "the relay's LISTEN")

        importing.app.register_home(occurred_at=NOW, **home_details(cqc_location_id="1-1"))
        saved = importing.app.outbox.max_notification_id()

        eventually(lambda: serving.relay.position == saved, "the other process's events relayed")
    finally:
        stop.set()
        serving.relay.nudge()
        relay.join()
        importing.close()
        serving.close()
