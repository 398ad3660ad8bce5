"""The registry of published contracts and their upcasters.

A published event never changes in place: a changed shape gets a new schema version, and an
upcaster turns the previous version's payload into the next one, so consumers only ever see
the latest version whatever is still stored in topics and event stores.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


class Payload(BaseModel):
    """Base of every published payload. Consumers are tolerant readers: unknown fields
    are ignored so a producer may add optional fields without breaking them."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1


class UnknownEventType(LookupError):
    """A message whose type or version this code has never heard of."""


_contracts: dict[tuple[str, int], type[Payload]] = {}
_latest: dict[str, int] = {}
_upcasters: dict[tuple[str, int], Upcaster] = {}

P = TypeVar("P", bound=type[Payload])


def contract(cls: P) -> P:
    """Class decorator: publish `cls` as the contract of its type and version."""
    key = (cls.event_type, cls.schema_version)
    if key in _contracts and _contracts[key] is not cls:
        raise ValueError(f"{key} is already published by {_contracts[key].__name__}")
    _contracts[key] = cls
    _latest[cls.event_type] = max(_latest.get(cls.event_type, 0), cls.schema_version)
    return cls


def upcaster(event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Register the function that lifts a payload from `from_version` to the next."""

    def register(fn: Upcaster) -> Upcaster:
        _upcasters[(event_type, from_version)] = fn
        return fn

    return register


def latest_version(event_type: str) -> int:
    try:
        return _latest[event_type]
    except KeyError:
        raise UnknownEventType(event_type) from None


def contract_for(event_type: str, version: int) -> type[Payload]:
    try:
        return _contracts[(event_type, version)]
    except KeyError:
        raise UnknownEventType(f"{event_type} v{version}") from None


def upcast(event_type: str, version: int, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Lift `payload` step by step to the latest version of its type."""
    target = latest_version(event_type)
    if version > target:
        raise UnknownEventType(f"{event_type} v{version} is newer than this code (v{target})")
    while version < target:
        try:
            step = _upcasters[(event_type, version)]
        except KeyError:
            raise UnknownEventType(f"no upcaster for {event_type} v{version}") from None
        payload = step(payload)
        version += 1
    return version, payload


def all_contracts() -> dict[tuple[str, int], type[Payload]]:
    """Every published (type, version) and its payload class, for schemas and examples."""
    return dict(_contracts)
