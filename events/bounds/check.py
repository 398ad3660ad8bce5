"""The bounds applied outside pydantic models: a CLI option, an importer's cell, a value read
from a file. The same types as the HTTP bodies, so one rule serves every entry point."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

_adapters: dict[int, TypeAdapter[Any]] = {}


class OutOfBounds(ValueError):
    """A value its field cannot hold; the message says why, without the field's name."""


def bounded(kind: Any, value: Any) -> Any:
    """`value` as the field family `kind` (e.g. `events.bounds.Month`) takes it, or
    OutOfBounds with pydantic's reason."""
    adapter = _adapters.get(id(kind))
    if adapter is None:
        adapter = _adapters[id(kind)] = TypeAdapter(kind)
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        raise OutOfBounds(reason(exc)) from None


def reason(exc: ValidationError) -> str:
    """pydantic's messages, without its prefixes."""
    return "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
