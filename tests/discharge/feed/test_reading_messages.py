"""Reading messages, pure: HL7 times by the one UK-time rule, MLLP framing, the mapping."""

from __future__ import annotations

import pytest

from services.discharge.feed.fields import hl7_time
from services.discharge.feed.mapping import from_dict
from services.discharge.feed.mllp import FrameError, frame, split


def test_an_hl7_time_without_an_offset_is_uk_local_time() -> None:
    assert hl7_time("201307011200").isoformat() == "2013-07-01T12:00:00+01:00"
    assert hl7_time("20130101").isoformat() == "2013-01-01T00:00:00+00:00"
    assert hl7_time("20130701120000.1234+0000").isoformat() == "2013-07-01T12:00:00+00:00"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("20241027013000", "happens twice"),  # the clocks go back: 01:30 twice
        ("20240331013000", "does not exist"),  # the clocks go forward: no 01:30
        ("2024-01-01", "not an HL7 time"),
        ("20241301", "not a date"),
        ("202401011200+01", "offset"),
    ],
)
def test_a_time_that_cannot_be_read_is_refused_with_why(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        hl7_time(text)


def test_frames_split_across_reads_and_garbage_between_them() -> None:
    data = frame("MSH|one") + b"junk" + frame("MSH|two")
    found, rest = split(data[:5])
    assert (found, rest) == ([], data[:5])
    found, rest = split(data)
    assert found[0] == b"MSH|one" and isinstance(found[1], FrameError) and found[2] == b"MSH|two"
    assert rest == b""


def test_a_mapping_with_a_care_type_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError, match="not a care type"):
        from_dict({"classes": {"I": "intensive"}})
    with pytest.raises(ValueError, match="expected shape"):
        from_dict({"classes": "I"})
    with pytest.raises(ValueError, match="PV1-19"):
        from_dict({"reference": "PV1"})
