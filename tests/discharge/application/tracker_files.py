"""Small tracker files written line by line, and what an event store holds, for the import
tests: episodes' events without the moment they were recorded, so two imports of the same
rows compare equal."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from services.discharge.application import Episodes
from services.discharge.importer import COLUMNS

HEADER = ",".join(COLUMNS)
EXTRA_HEADER = HEADER + ",nhs_number"

Stored = dict[uuid.UUID, list[tuple[int, str, dict[str, Any]]]]


def tracker(path: Path, lines: list[str], header: str = HEADER) -> Path:
    path.write_text(header + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(app: Episodes) -> Stored:
    """Every episode's events in order: (version, type, state without its timestamp)."""
    out: Stored = {}
    for notification in app.recorder.select_notifications(start=None, limit=10**6):
        event = app.mapper.to_domain_event(notification)
        state = {k: v for k, v in event.__dict__.items() if k != "timestamp"}
        out.setdefault(event.originator_id, []).append(
            (event.originator_version, type(event).__qualname__, state)
        )
    return out


def event_count(app: Episodes) -> int:
    return app.recorder.max_notification_id() or 0
