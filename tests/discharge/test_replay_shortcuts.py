"""The shortcuts the fast rebuild takes give exactly what the long way gives: the payload of
every published kind, its JSON data, and the JSON text stored for it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from eventsourcing.persistence import StoredEvent
from pydantic import ValidationError

from events.delivery.projectors import Recorded
from events.delivery.stored_state import PlainState, PlainStates
from events.delivery.translation import payload_of as validated_payload_of
from events.platform import shadow
from services.discharge.bootstrap import Discharge
from services.discharge.projections.facts import KINDS, data_of, rows_of
from services.discharge.projections.stored_rows import reads_state, rows_of_state
from services.discharge.translation import PUBLISHED, payload_of
from tests.discharge.rebuild_parity import record_history


def test_payloads_and_their_data_equal_the_validated_ones_for_every_kind(
    discharge: Discharge, tmp_path: Path
) -> None:
    record_history(discharge, tmp_path, authorities=1)
    seen = set()
    start = 0
    outbox, mapper = discharge.app.outbox, discharge.app.mapper
    while notes := outbox.select_notifications(start, 1000, inclusive_of_start=False):
        for note in notes:
            event = mapper.to_domain_event(note)
            fast, slow = payload_of(event), validated_payload_of(PUBLISHED, event)
            assert type(fast) is type(slow)
            assert fast == slow
            if slow is None:
                continue
            seen.add(type(slow))
            dumped = slow.model_dump(mode="json")
            assert list(data_of(fast).items()) == list(dumped.items())  # order too: JSON text
            assert shadow._json_text is not None
            assert shadow._json_text(data_of(fast)) == json.dumps(dumped)
        start = notes[-1].id
    assert seen == set(KINDS)


def test_the_json_encoder_writes_what_json_dumps_writes() -> None:
    assert shadow._json_text is not None
    for value in (
        {"a": None, "b": 'é\n"x"', "c": [1, 2.5, True], "d": {"e": []}},
        [],
        "text",
        {"blocker_id": "ward-1", "agency": None},
    ):
        assert shadow._json_text(value) == json.dumps(value)


def test_rows_read_from_the_stored_json_equal_the_decoded_ones_for_every_kind(
    discharge: Discharge, tmp_path: Path
) -> None:
    record_history(discharge, tmp_path, authorities=1)
    outbox, mapper = discharge.app.outbox, discharge.app.mapper
    states = PlainStates(mapper, reads_state)
    read_plainly: Counter[str] = Counter()
    start = 0
    while notes := outbox.select_notifications(start, 1000, inclusive_of_start=False):
        for note in notes:
            stored = StoredEvent(
                note.originator_id, note.originator_version, note.topic, note.state
            )
            event = mapper.to_domain_event(stored)
            payload = payload_of(event)
            plain = states.read(stored)
            if payload is None:
                assert plain is None  # not published: left to the mapper, which skips it
                continue
            slow = rows_of(
                Recorded(
                    event.originator_id,
                    event.originator_version,
                    event.occurred_at,
                    event.timestamp,
                    payload,
                )
            )
            assert plain is not None
            fast = rows_of_state(str(note.originator_id), note.originator_version, plain)
            assert fast == slow
            assert plain.occurred_at == event.occurred_at
            read_plainly[KINDS[type(payload)]] += 1
        start = notes[-1].id
    assert set(read_plainly) == set(KINDS.values())  # every kind, the ended ones validated


def test_a_state_the_plain_reading_cannot_vouch_for_is_left_to_the_mapper(
    discharge: Discharge, tmp_path: Path
) -> None:
    record_history(discharge, tmp_path, authorities=1)
    note = discharge.app.outbox.select_notifications(0, 1)[0]  # an admission
    states = PlainStates(discharge.app.mapper, reads_state)
    stored = StoredEvent(note.originator_id, note.originator_version, note.topic, note.state)
    assert states.read(stored) is not None
    state = json.loads(_plain_text(discharge, note.state))

    def variant(**changes: object) -> PlainState | None:
        text = _stored_text(discharge, state | changes)
        return states.read(StoredEvent(note.originator_id, 1, note.topic, text))

    assert variant(class_version=0) is None  # stored by another version: upcast by the mapper
    assert variant(occurred_at="2026-11-30T10:00:00+00:00") is None  # not the library's time
    plain = variant(ward=7)  # a value the contract would not take as it is
    assert plain is not None
    assert rows_of_state("e", 1, plain) is None
    without = {k: v for k, v in state.items() if k != "ward"}
    plain = states.read(
        StoredEvent(note.originator_id, 1, note.topic, _stored_text(discharge, without))
    )
    assert plain is not None
    with pytest.raises(ValidationError, match="ward"):  # as the contract refuses it decoded
        rows_of_state("e", 1, plain)


def _plain_text(discharge: Discharge, stored: bytes) -> bytes:
    mapper = discharge.app.mapper
    text = mapper.cipher.decrypt(stored) if mapper.cipher else stored
    return mapper.compressor.decompress(text) if mapper.compressor else text


def _stored_text(discharge: Discharge, state: dict[str, object]) -> bytes:
    """The state stored as the service's mapper stores it (encrypted in the cipher pass)."""
    mapper = discharge.app.mapper
    text = json.dumps(state).encode()
    text = mapper.compressor.compress(text) if mapper.compressor else text
    return mapper.cipher.encrypt(text) if mapper.cipher else text
