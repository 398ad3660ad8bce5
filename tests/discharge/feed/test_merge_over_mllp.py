"""A40, merge patient, over a real socket: the prior patient's stays become the surviving
patient's, by an event in each episode, once however often the message comes."""

from __future__ import annotations

from services.discharge.bootstrap import Discharge
from services.discharge.domain.episode import Episode
from services.discharge.feed.apply import Feed
from tests.discharge.feed.adt_messages import START, Adt, stamp
from tests.discharge.feed.conftest import Client, fixture, msa

UCLH_STAY = "123412341234"  # uclh/CancelAdmit/01_A01.txt: patient 40800000, NHS 9999999999


def stay(discharge: Discharge, reference: str) -> Episode:
    _, found = discharge.app.locate("RRV", reference)
    assert found is not None
    return found


def merges(discharge: Discharge, reference: str) -> list[object]:
    history = discharge.app.history(stay(discharge, reference).id)
    return [e for e in history if type(e).__name__ == "PatientMerged"]


def merge_message(control_id: str, surviving: str, prior: str) -> str:
    """An A40 as the HL7 v2.4 standard lays it out: PID-3 the survivor, MRG-1 the prior."""
    at = stamp(START.replace(hour=18))
    return "\r".join(
        [
            f"MSH|^~\\&|PAS|FAC|||{at}||ADT^A40^ADT_A39|{control_id}|P|2.4",
            f"EVN|A40|{at}",
            f"PID|1||{surviving}||DOE^JANE",
            f"MRG|{prior}",
        ]
    )


def test_uclhs_merge_gives_the_stay_to_the_surviving_patient(
    client: Client, discharge: Discharge
) -> None:
    assert msa(client.send(fixture("uclh/CancelAdmit/01_A01.txt")))[0] == "AA"
    ack = client.send(fixture("uclh/generic/A40.txt"))
    assert msa(ack) == ("AA", "PPPPP111111111111111")
    episode = stay(discharge, UCLH_STAY)
    assert episode.merged_into == "40800001"
    assert episode.nhs_number == "9999999999"  # the survivor's, the same here
    [merged] = merges(discharge, UCLH_STAY)
    assert merged.prior_hospital_number == "40800000"  # type: ignore[attr-defined]


def test_the_same_merge_again_is_acknowledged_and_changes_nothing(
    client: Client, discharge: Discharge
) -> None:
    client.send(fixture("uclh/CancelAdmit/01_A01.txt"))
    client.send(fixture("uclh/generic/A40.txt"))
    version = stay(discharge, UCLH_STAY).version
    assert msa(client.send(fixture("uclh/generic/A40.txt")))[0] == "AA"
    assert stay(discharge, UCLH_STAY).version == version
    assert len(merges(discharge, UCLH_STAY)) == 1


def test_a_merge_of_a_patient_never_seen_is_an_error_kept_for_the_team(
    client: Client, feed: Feed
) -> None:
    ack = client.send(fixture("uclh/generic/A40.txt"))
    assert msa(ack) == ("AE", "PPPPP111111111111111")
    assert "MRG-1" in str(ack.segment("ERR"))
    [kept] = feed.store.rejected()
    assert kept.event == "A40" and "40800000" in kept.reason


def test_a_merge_without_its_mrg_segment_names_what_is_missing(client: Client) -> None:
    text = fixture("uclh/generic/A40.txt")
    ack = client.send(text[: text.index("\rMRG")])
    assert msa(ack)[0] == "AE"
    assert "MRG" in str(ack.segment("ERR"))


def test_every_stay_of_the_prior_nhs_number_takes_the_survivors_identity(
    client: Client, discharge: Discharge
) -> None:
    """Two stays of one patient (NHS 943 476 5919), one already discharged, merged into a
    record with another NHS number: both follow it, and nothing else of them changes."""
    first = [Adt("A01", "V1", "c1", START, START), Adt("A03", "V1", "c2", START, START)]
    later = START.replace(day=10)
    for adt in [*first, Adt("A01", "V2", "c3", later, later)]:
        assert msa(client.send(adt.text()))[0] == "AA"
    ended = stay(discharge, "V1").ended
    text = merge_message("m1", "M900^^^MRN~4010232137^^^NHS^NH", "9434765919^^^NHS^NH")
    assert msa(client.send(text)) == ("AA", "m1")
    for reference in ("V1", "V2"):
        episode = stay(discharge, reference)
        assert (episode.nhs_number, episode.merged_into) == ("4010232137", "M900")
    assert stay(discharge, "V1").ended == ended

    # the survivor merged in turn: the stays are found under the identity they now carry
    again = merge_message("m2", "M901^^^MRN", "M900^^^MRN")
    assert msa(client.send(again)) == ("AA", "m2")
    assert stay(discharge, "V2").merged_into == "M901"
    assert stay(discharge, "V2").nhs_number == "4010232137"  # M901 sent none: kept


def test_a_refused_merge_keeps_no_nhs_number_in_clear(client: Client, feed: Feed) -> None:
    """The reason is kept unencrypted and logged: it names the hospital number, at most."""
    text = merge_message("m3", "M900^^^MRN", "9434765919^^^NHS^NH")
    assert msa(client.send(text)) == ("AE", "m3")
    [kept] = feed.store.rejected()
    assert "9434765919" not in kept.reason and "NHS number" in kept.reason
    assert "9434765919" not in feed.patients.hashed("NHS 9434765919")
