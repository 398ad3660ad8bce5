"""A stay the HL7 feed admitted says so: its source is hl7 in the worklist's lookups, while a
stay the team admitted itself is typed."""

from __future__ import annotations

from datetime import UTC, datetime

from services.discharge.bootstrap import Discharge
from services.discharge.feed.apply import Feed
from services.discharge.references import References
from tests.discharge.feed.conftest import fixture


def test_the_feeds_admission_is_marked_hl7_and_a_typed_one_is_not(
    discharge: Discharge, feed: Feed
) -> None:
    feed.handle(fixture("uclh/CancelAdmit/01_A01.txt"))
    from_feed, _ = discharge.app.locate("RRV", "123412341234")
    typed, _ = discharge.app.admit(
        command_id="ward-7-admit",
        reference="T-1",
        provider_code="RRV",
        provider_name="RRV",
        site="",
        ward="Ward 1",
        care_type="acute",
        la_code="E08000012",
        la_name="Liverpool",
        nhs_number=None,
        occurred_at=datetime(2013, 2, 10, tzinfo=UTC),
    )
    sources = References(discharge.app).sources([str(from_feed), str(typed.id)])
    assert sources == {str(from_feed): "hl7", str(typed.id): "typed"}
