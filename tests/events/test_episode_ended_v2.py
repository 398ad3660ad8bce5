"""`discharge.EpisodeEnded` version 2 beside version 1: old messages read as new ones."""

from __future__ import annotations

import json
from pathlib import Path

from events.contracts import discharge as d
from events.serialisation import decode

EXAMPLES = Path(__file__).parents[2] / "events" / "examples"


def test_a_version_1_message_reads_as_version_2_with_the_destination_type() -> None:
    old = decode((EXAMPLES / "discharge.EpisodeEnded.v1.json").read_bytes())
    new = decode((EXAMPLES / "discharge.EpisodeEnded.v2.json").read_bytes())
    assert old.envelope.schema_version == new.envelope.schema_version == 2
    assert isinstance(old.payload, d.EpisodeEnded) and isinstance(new.payload, d.EpisodeEnded)
    assert old.payload.destination_type == new.payload.destination_type == "care_home"


def test_destination_types_from_what_trackers_write() -> None:
    cases = {
        ("discharged", "Care home: Rose Lodge"): "care_home",
        ("discharged", "home"): "home",
        ("discharged", "own home with reablement"): "home",
        ("transferred", "Royal Liverpool"): "other_hospital",
        ("discharged", "St John's Hospice"): "hospice",
        ("died", ""): "died",
        ("discharged", ""): "unknown",
        ("discharged", "supported living"): "other",
    }
    for (kind, destination), expected in cases.items():
        assert d.destination_type_of(kind, destination) == expected, destination


def test_a_mixed_stream_of_both_versions_parses_in_order() -> None:
    v1 = json.loads((EXAMPLES / "discharge.EpisodeEnded.v1.json").read_text())
    v2 = json.loads((EXAMPLES / "discharge.EpisodeEnded.v2.json").read_text())
    v1["payload"] = {"kind": "died", "destination": ""}
    stream = [json.dumps(m) for m in (v1, v2, v1)]
    assert [decode(m).payload.destination_type for m in stream] == ["died", "care_home", "died"]  # type: ignore[attr-defined]
