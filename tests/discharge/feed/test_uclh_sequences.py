"""UCLH's test sequences as its engine sends them: one MSH-10 for four different messages,
a registration before the admission, a merge our episodes need nothing from."""

from __future__ import annotations

from services.discharge.bootstrap import Discharge
from services.discharge.feed.apply import Feed
from tests.discharge.feed.conftest import Client, fixture, msa

SEQUENCE = ("01_A04", "02_A01", "03_A02", "04_A03")


def test_a_stay_from_registration_to_discharge_with_a_reused_control_id(
    client: Client, discharge: Discharge, feed: Feed
) -> None:
    for name in SEQUENCE:
        ack = client.send(fixture(f"uclh/DuplicateSimple/{name}.txt"))
        assert msa(ack)[0] == "AA", name
    _, stay = discharge.app.locate("RRV", "123412341234")
    assert stay is not None
    assert stay.admitted_at.isoformat() == "2013-02-11T12:00:52+00:00"
    assert stay.ended is not None
    assert stay.ended[0] == "discharged"
    assert stay.ended[1].isoformat() == "2013-02-11T14:00:52+00:00"
    assert stay.nhs_number == "9999999999"  # type HN, as UCLH sends it
    kinds = [type(e).__name__ for e in discharge.app.history(stay.id)]
    assert kinds == ["Admitted", "Moved", "Ended"]  # the A04 registered no stay
    assert feed.ignored == 1
    assert feed.reused_ids == 2  # 31644 for the A01 and the A02 after the A04


def test_the_whole_sequence_again_changes_nothing(
    client: Client, discharge: Discharge, feed: Feed
) -> None:
    for name in SEQUENCE * 2:
        assert msa(client.send(fixture(f"uclh/DuplicateSimple/{name}.txt")))[0] == "AA"
    _, stay = discharge.app.locate("RRV", "123412341234")
    assert stay is not None
    assert len(discharge.app.history(stay.id)) == 3
