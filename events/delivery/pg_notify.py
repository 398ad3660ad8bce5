"""Wake an outbox relay when any process commits events to its store on PostgreSQL.

The library's PostgreSQL recorder already sends `NOTIFY <its channel>` inside every
transaction that inserts events, and PostgreSQL delivers a notification only once its
transaction has committed: a relay woken by one can read what it announces. So a relay need
only LISTEN on that channel, on a connection of its own, to publish at once what another
process saved: an import from the command line, another replica of the API. Within the
relay's own process the application wakes it directly (ServiceApplication.on_saved), without
the round trip. The relay's poll stays as the fallback: while the listener is reconnecting,
a notification sent meanwhile is lost, and the poll finds its events.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from psycopg import sql

log = logging.getLogger(__name__)

# Run by the relay beside its loop: (stop, what to call on a commit)
Listen = Callable[[threading.Event, Callable[[], None]], None]
RECONNECT_SECONDS = 1.0
STOP_CHECK_SECONDS = 0.5  # how long a quiet listener takes to see that it must stop


def commits_listener(postgres_url: str, channel: str, connect_timeout: int = 5) -> Listen:
    """LISTEN on `channel` of the database at `postgres_url` until stopped, calling `nudge`
    for each notification; a lost connection is made again."""

    def listen(stop: threading.Event, nudge: Callable[[], None]) -> None:
        while not stop.is_set():
            try:
                with psycopg.connect(
                    postgres_url, autocommit=True, connect_timeout=connect_timeout
                ) as conn:
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
                    nudge()  # whatever was committed while nobody listened
                    while not stop.is_set():
                        for _ in conn.notifies(timeout=STOP_CHECK_SECONDS, stop_after=1):
                            nudge()
            except psycopg.Error as exc:
                log.warning("outbox listener on %s lost its connection: %s", channel, exc)
                stop.wait(RECONNECT_SECONDS)

    return listen
