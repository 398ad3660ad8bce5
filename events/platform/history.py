"""An aggregate's history as an API shows it: each event as published where it is published."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from events.registry import Payload


def history_view(
    domain_events: Iterable[Any], payload_of: Callable[[Any], Payload | None]
) -> list[dict[str, Any]]:
    out = []
    for e in domain_events:
        payload = payload_of(e)
        out.append(
            {
                "version": e.originator_version,
                "event": type(e).__qualname__.split(".")[-1],
                "occurred_at": getattr(e, "occurred_at", None),
                "recorded_at": e.timestamp,
                "detail": payload.model_dump(mode="json") if payload else {},
            }
        )
    return out
