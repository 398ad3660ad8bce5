"""The ITK specification's and UCLH's public ADT messages, sent over a real socket."""

from __future__ import annotations

from pathlib import Path

from services.discharge.bootstrap import Discharge
from services.discharge.feed.apply import Feed
from services.discharge.feed.listener import Listener
from services.discharge.feed.wiring import feed_of
from tests.discharge.feed.conftest import Client, fixture, msa


def episode(discharge: Discharge, reference: str):  # type: ignore[no-untyped-def]
    _, found = discharge.app.locate("RRV", reference)
    assert found is not None
    return found


def test_an_itk_admission_opens_the_episode_with_its_nhs_number(
    client: Client, discharge: Discharge
) -> None:
    ack = client.send(fixture("itk/A01_example.txt"))
    assert msa(ack) == ("AA", "1391320453338055")
    stay = episode(discharge, "2139")
    assert stay.nhs_number == "3333333333"
    assert stay.care_type == "acute"
    assert stay.la_code == "UNKNOWN"
    assert stay.admitted_at.isoformat() == "2010-10-20T17:16:00+01:00"


def test_the_same_message_again_is_acknowledged_with_no_second_effect(
    client: Client, discharge: Discharge
) -> None:
    message = fixture("itk/A01_example.txt")
    client.send(message)
    version = episode(discharge, "2139").version
    ack = client.send(message)
    assert msa(ack) == ("AA", "1391320453338055")
    assert episode(discharge, "2139").version == version


def test_an_outpatient_discharge_is_acknowledged_and_ignored(
    client: Client, discharge: Discharge, feed: Feed
) -> None:
    ack = client.send(fixture("itk/A03_Example.txt"))
    assert msa(ack) == ("AA", "13403891320453338089")
    assert discharge.app.locate("RRV", "11554")[1] is None


def test_cancel_admit_withdraws_then_a_new_admission_is_a_new_stay(
    client: Client, discharge: Discharge, feed: Feed
) -> None:
    for name in ("01_A01", "02_A11", "03_A01"):
        ack = client.send(fixture(f"uclh/CancelAdmit/{name}.txt"))
        assert msa(ack) == ("AA", "31644"), name
        if name == "02_A11":
            assert episode(discharge, "123412341234").withdrawn
    stay = episode(discharge, "123412341234")
    assert not stay.withdrawn
    assert stay.ward == "ED"
    assert stay.admitted_at.isoformat() == "2013-02-11T13:00:52+00:00"
    assert feed.reused_ids == 2  # UCLH's engine sent three messages as 31644


def test_a_discharge_before_its_admission_opens_and_ends_it_and_a13_reopens(
    client: Client, discharge: Discharge
) -> None:
    ack = client.send(fixture("uclh/CancelDischarge/03_A03.txt"))
    assert msa(ack) == ("AA", "31644ZZZ")
    stay = episode(discharge, "123412341234")
    assert stay.ended is not None and stay.ended[0] == "discharged"
    assert msa(client.send(fixture("uclh/CancelDischarge/04_A13.txt"))) == ("AA", "31644ZZZ")
    assert episode(discharge, "123412341234").ended is None


def test_a_cancelled_transfer_puts_the_patient_back(client: Client, discharge: Discharge) -> None:
    client.send(fixture("uclh/CancelAdmit/01_A01.txt"))
    assert msa(client.send(fixture("uclh/CancelTransfer/02_A02.txt")))[0] == "AA"
    assert episode(discharge, "123412341234").ward == "ED"
    assert msa(client.send(fixture("uclh/CancelTransfer/04_A12.txt")))[0] == "AA"
    stay = episode(discharge, "123412341234")
    assert [type(e).__name__ for e in discharge.app.history(stay.id)][-2:] == [
        "Moved",
        "MoveCancelled",
    ]


def test_a_cancel_for_an_unknown_episode_is_an_error_and_kept(
    client: Client, discharge: Discharge, feed: Feed
) -> None:
    ack = client.send(fixture("uclh/CancelTransfer/04_A12.txt"))
    assert msa(ack) == ("AE", "31644")
    assert "PV1-19" in str(ack.segment("ERR"))
    [kept] = feed.store.rejected()
    assert (kept.code, kept.field, kept.event) == ("AE", "PV1-19", "A12")


def test_readiness_comes_only_from_the_field_the_mapping_names(discharge: Discharge) -> None:
    from services.discharge.feed.mapping import from_dict
    from services.discharge.feed.store import FeedStore

    message = fixture("itk/A01_example.txt").replace("ZU4||201010081756", "ZU4||201010211000")
    plain = Feed(discharge.app, FeedStore(discharge.engine), "RCB", from_dict({}))
    plain.handle(message)
    _, stay = discharge.app.locate("RCB", "2139")
    assert stay is not None and stay.ready_since is None  # PV2-9 and Z segments ignored
    mapped = Feed(
        discharge.app, FeedStore(discharge.engine), "RX1", from_dict({"ready_at": "ZU4-2"})
    )
    mapped.handle(message)
    _, stay = discharge.app.locate("RX1", "2139")
    assert stay is not None and stay.ready_since is not None
    assert stay.ready_since.isoformat() == "2010-10-21T10:00:00+01:00"


def test_each_trust_says_where_its_ward_is_and_the_itk_examples_keep_it_in_pv1_3_2(
    discharge: Discharge, tmp_path: Path
) -> None:
    """Trusts fill PV1-3 differently: the mapping, not the code, changes. By default the ward is
    PV1-3.1 (UCLH's engine); the ITK specification's examples carry the site code first."""
    message = fixture("itk/A01_example.txt")  # PV1-3: RCB^OBS1^BAY2-6^RCB55
    config = tmp_path / "rrv.toml"
    config.write_text('[hl7]\nward = "PV1-3.2"\nsite = "PV1-3.1"\n', encoding="utf-8")
    for mapping, ward, site in ((None, "RCB", "RCB55"), (config, "OBS1", "RCB")):
        feed = feed_of(discharge, "RRV", mapping)
        server = Listener(feed.handle, feed.refuse_frame, port=0).start()
        engine = Client(server.port)
        try:
            ack = engine.send(message.replace("1391320453338055", f"{ward}-1"))  # a new message
            assert msa(ack)[0] == "AA"
        finally:
            engine.close()
            server.close()
        stay = episode(discharge, "2139")
        assert (stay.ward, stay.site) == (ward, site)
