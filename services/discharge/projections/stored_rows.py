"""The episode-facts rows of a stored event read as plain JSON (events/delivery/stored_state.py),
for a full replay: the same rows `rows_of` makes from the mapper's domain event and its
contract payload, at half the cost, for every event whose values need neither (see
`rows_of_state`); the replay decodes the others the usual way."""

from __future__ import annotations

from typing import Any

from events.contracts import discharge as d
from events.delivery.stored_state import PlainState
from events.registry import Payload
from services.discharge.projections.facts import (
    KINDS,
    FactRow,
    admission_row,
    data_of,
    is_plain,
    naive,
)
from services.discharge.translation import contract_of


def rows_of_state(
    episode_id: str, version: int, plain: PlainState
) -> tuple[FactRow, dict[str, Any] | None] | None:
    """`rows_of` the event whose stored state this is, read without the mapper
    (events/delivery/stored_state.py): the same rows (tests/discharge compare both ways for
    every kind), or None where only the payload path can tell (a value not of its field's
    plain type, or a field the domain event class itself provides): the caller then decodes
    that event. As `payload_of`: the contract's fields the state holds, validated by the
    contract when it has validators or a field is missing (its default or derived value)."""
    shape = _state_shape(plain.cls)
    if shape is None:
        return None
    contract, kind, fields, validate, on_class = shape
    state = plain.state
    values = {}
    get = state.get
    for name, types in fields:
        value = get(name, _MISSING)
        if type(value) in types:
            values[name] = value
        elif value is not _MISSING or name in on_class:
            return None  # not a plain value, or `payload_of` would take the class's attribute
        else:
            validate = True  # missing: the contract's default or derived value
    # without validators, a plain contract's payload holds exactly these values (`data_of`)
    data = data_of(contract.model_validate(values)) if validate else values
    occurred, recorded = naive(plain.occurred_at), naive(plain.recorded_at)
    fact = (episode_id, version, kind, occurred, recorded, data)
    if contract is d.EpisodeAdmitted:
        return fact, admission_row(episode_id, data, occurred, recorded)
    return fact, None


def reads_state(cls: type) -> bool:
    """Whether `rows_of_state` can make the rows of this domain event class's events."""
    return _state_shape(cls) is not None


# contract, fact kind, each field with the types its plain values may have, whether the
# contract must validate them (validators may change values), and the fields the domain
# event class has attributes for
_StateShape = tuple[
    type[Payload], str, tuple[tuple[str, frozenset[type]], ...], bool, frozenset[str]
]
_state_shapes: dict[type, _StateShape | None] = {}
_MISSING = object()
_TYPES: dict[Any, frozenset[type]] = {
    str: frozenset({str}),
    int: frozenset({int}),
    bool: frozenset({bool}),
    str | None: frozenset({str, type(None)}),
    int | None: frozenset({int, type(None)}),
    bool | None: frozenset({bool, type(None)}),
}


def _state_shape(cls: type) -> _StateShape | None:
    try:
        return _state_shapes[cls]
    except KeyError:
        pass
    shape = None
    contract = contract_of(cls)
    if contract is not None and contract in KINDS:
        known = {
            n: types
            for n, f in contract.model_fields.items()
            if (types := _TYPES.get(f.annotation)) is not None
        }
        if len(known) == len(contract.model_fields):  # every field of a plain type
            decorators = contract.__pydantic_decorators__
            validate = not is_plain(contract) or bool(
                decorators.validators
                or decorators.field_validators
                or decorators.root_validators
                or decorators.model_validators
            )
            on_class = frozenset(n for n in known if hasattr(cls, n))
            shape = (contract, KINDS[contract], tuple(known.items()), validate, on_class)
    _state_shapes[cls] = shape
    return shape
