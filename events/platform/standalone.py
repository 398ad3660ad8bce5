"""One service wired on its own for a one-off command (an import, a return, a broker's
command at a terminal), with the same settings as the running service."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from events.delivery.inprocess import InProcessBus
from events.platform.settings import Settings

S = TypeVar("S")


@contextmanager
def standalone(bootstrap: Callable[[Settings, InProcessBus | None], S]) -> Iterator[S]:
    settings = Settings()
    service = bootstrap(settings, None if settings.kafka_bootstrap else InProcessBus())
    try:
        yield service
    finally:
        closing: Any = service
        closing.close()
