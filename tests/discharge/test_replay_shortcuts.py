"""The shortcuts the fast rebuild takes give exactly what the long way gives: the payload of
every published kind, its JSON data, and the JSON text stored for it."""

from __future__ import annotations

import json
from pathlib import Path

from events.delivery.translation import payload_of as validated_payload_of
from events.platform import shadow
from services.discharge.bootstrap import Discharge
from services.discharge.projections.facts import KINDS, data_of
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
