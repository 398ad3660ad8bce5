"""Live updates: the position of each service's notification log, sent as server-sent events.

A page keeps the positions it was rendered with and refetches its data when they move. The
stream is a plain generator (the stack is synchronous): one event a second for a bounded time,
after which the browser's EventSource reconnects on its own. A client that goes away stops the
stream at the next send."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from services.runtime import Runtime

RETRY_MS = 2000


def positions(runtime: Runtime) -> dict[str, int]:
    """The id of the last notification each service recorded (0 when none yet)."""
    out = {}
    for name, service in runtime.services.items():
        recorder = cast(Any, service).app.recorder
        out[name] = int(recorder.max_notification_id() or 0)
    return out


def event_stream(
    runtime: Runtime,
    seconds: float,
    interval: float = 1.0,
) -> Iterator[str]:
    """`positions` events every `interval` seconds for about `seconds` seconds."""
    deadline = time.monotonic() + seconds
    yield f"retry: {RETRY_MS}\n\n"
    sent = 0
    while True:
        sent += 1
        data = json.dumps(positions(runtime), sort_keys=True)
        yield f"id: {sent}\nevent: positions\ndata: {data}\n\n"
        if time.monotonic() + interval > deadline:
            return
        time.sleep(interval)
