"""A stored event's state read as plain JSON, for a replay that can make its rows from that.

The library's mapper (`to_domain_event`) decodes every stored event through its transcoder,
whose JSON object hook runs in Python for every object in the state, then builds the domain
event; on a rebuild that is most of the cost of reading the log. A replay that only needs
some plain fields of some events can take them from `json.loads` of the state instead, and
leave every event this reading does not cover to the mapper (`PlainStates.read` says None).

What it covers is exactly what the mapper would give the same values for: the state after the
mapper's own cipher and compressor, the domain event class of the topic, its version the class's
current one (no upcasting due), `occurred_at` and `timestamp` stored by the library's
`datetime_iso` transcoding. Any other stored object stays the transcoder's `{"_type_": ...,
"_data_": ...}` dict, which no caller may take for a plain value (they check the types).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple, TypeGuard

from eventsourcing.persistence import DatetimeAsISO, Mapper, StoredEvent
from eventsourcing.utils import resolve_topic

_DATETIME = "datetime_iso"  # the library's `DatetimeAsISO` transcoding


class PlainState(NamedTuple):
    cls: type  # the domain event class of the stored topic
    state: dict[str, Any]  # the stored state as plain JSON values
    occurred_at: datetime
    recorded_at: datetime  # the domain event's `timestamp`


class PlainStates:
    """Reads stored events of one mapper as `PlainState`s where that is exact."""

    def __init__(self, mapper: Mapper[Any], wanted: Callable[[type], bool]) -> None:
        """`wanted(cls)`: whether the caller reads events of this domain event class this way
        (others: None, for the mapper)."""
        self.wanted = wanted
        self.cipher, self.compressor = mapper.cipher, mapper.compressor
        names = getattr(getattr(mapper, "transcoder", None), "names", {})
        # the transcoder must still read datetimes as the library's transcoding does
        self.exact = type(names.get(_DATETIME)) is DatetimeAsISO
        self._classes: dict[str, tuple[type, int] | None] = {}

    def read(self, stored: StoredEvent) -> PlainState | None:
        if not self.exact:
            return None
        try:
            known = self._classes[stored.topic]
        except KeyError:
            known = self._classes[stored.topic] = self._class_of(stored.topic)
        if known is None:
            return None
        cls, version = known
        data = stored.state
        if self.cipher:
            data = self.cipher.decrypt(data)
        if self.compressor:
            data = self.compressor.decompress(data)
        try:
            text = data.decode("utf-8")
            state, end = _scan(text, 0)  # json.loads' own scanner, without its wrappers
            if end != len(text) or type(state) is not dict:
                return None
            if state.get("class_version", 1) != version:
                return None  # stored by an earlier version: the mapper upcasts it
            occurred, recorded = state.get("occurred_at"), state.get("timestamp")
            if not (_is_time(occurred) and _is_time(recorded)):
                return None
            return PlainState(cls, state, _time(occurred["_data_"]), _time(recorded["_data_"]))
        except (StopIteration, ValueError, TypeError):
            return None  # not what the library stores: the mapper says what is wrong

    def _class_of(self, topic: str) -> tuple[type, int] | None:
        cls: type = resolve_topic(topic)
        return (cls, getattr(cls, "class_version", 1)) if self.wanted(cls) else None


_scan = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # (not in the stubs)
_time = datetime.fromisoformat


def _is_time(value: Any) -> TypeGuard[dict[str, Any]]:
    """A datetime as the library's transcoding stores it (`_data_` must then be a string:
    `fromisoformat` raises TypeError otherwise)."""
    return type(value) is dict and len(value) == 2 and value.get("_type_") == _DATETIME
