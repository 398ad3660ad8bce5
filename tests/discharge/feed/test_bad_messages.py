"""Whatever arrives, every message gets an ACK and the listener stays up for the next one."""

from __future__ import annotations

import socket
import time

from services.discharge.bootstrap import Discharge
from services.discharge.feed.apply import Feed
from services.discharge.feed.listener import Listener
from services.discharge.feed.mllp import END, START, frame
from tests.discharge.feed.conftest import Client, fixture, msa

GOOD = fixture("itk/A01_example.txt")


def test_bytes_outside_a_frame_are_refused_and_the_next_message_is_applied(
    client: Client, feed: Feed
) -> None:
    client.send_raw(b"GET / HTTP/1.1\r\n\r\n")
    assert msa(client.ack())[0] == "AR"
    [kept] = feed.store.rejected()
    assert kept.message.startswith("GET /") and "outside an MLLP frame" in kept.reason
    assert msa(client.send(GOOD)) == ("AA", "1391320453338055")


def test_a_frame_cut_short_by_a_new_one_is_refused(client: Client, feed: Feed) -> None:
    client.send_raw(START + GOOD[:120].encode() + frame(GOOD))
    assert msa(client.ack()) == ("AR", "1391320453338055")
    assert feed.store.rejected()[0].control_id == "1391320453338055"
    assert msa(client.ack()) == ("AA", "1391320453338055")


def test_a_truncated_message_is_an_error_naming_the_field(client: Client, feed: Feed) -> None:
    cut = GOOD[: GOOD.index("PV1|")]  # no PV1 at all
    ack = client.send(cut)
    assert msa(ack) == ("AE", "1391320453338055")
    assert "PV1" in str(ack.segment("ERR"))
    assert feed.store.rejected()[0].field == "PV1"


def test_garbage_in_pid_and_pv1_is_an_error_not_a_crash(client: Client) -> None:
    garbage = GOOD.replace("|201010201716", "|2010-10-2X").replace("2139^^^VISITID", "\x07")
    ack = client.send(garbage)
    assert msa(ack)[0] == "AE"
    bad_time = GOOD.replace("|201010201716", "|20101399")
    ack = client.send(bad_time.replace("1391320453338055", "other"))
    assert msa(ack) == ("AE", "other")
    assert "PV1-44" in str(ack.segment("ERR"))
    assert msa(client.send(GOOD))[0] == "AA"


def test_an_invalid_nhs_number_is_left_out_and_the_admission_applied(
    client: Client, discharge: Discharge
) -> None:
    ack = client.send(GOOD.replace("3333333333^^^NHS", "3333333334^^^NHS"))
    assert msa(ack)[0] == "AA"
    _, stay = discharge.app.locate("RRV", "2139")
    assert stay is not None and stay.nhs_number is None


def test_a_result_message_is_refused_as_not_handled(client: Client, feed: Feed) -> None:
    oru = "MSH|^~\\&|LAB|RRV|||20240101120000||ORU^R01|LAB1|P|2.4\rPID|1||123\rOBX|1|NM|X||1"
    ack = client.send(oru)
    assert msa(ack) == ("AR", "LAB1")
    assert "MSH-9" in str(ack.segment("ERR"))
    assert feed.store.rejected()[0].code == "AR"


def test_text_that_is_no_hl7_is_refused(client: Client) -> None:
    assert msa(client.send("hello"))[0] == "AR"
    assert msa(client.send("MSH|^~\\&|X|Y"))[0] == "AR"  # no control id
    assert msa(client.send(GOOD))[0] == "AA"


def test_a_thousand_messages_on_one_connection_are_all_acknowledged(client: Client) -> None:
    ids = set()
    for n in range(1000):
        message = GOOD.replace("1391320453338055", f"M{n}").replace(
            "2139^^^VISITID", f"V{n % 50}^^^VISITID"
        )
        client.send_raw(frame(message))
        if n % 100 == 99:  # read as an engine with a window of 100 unacknowledged would
            for _ in range(100):
                code, control_id = msa(client.ack())
                assert code == "AA"
                ids.add(control_id)
    assert ids == {f"M{n}" for n in range(1000)}


def test_a_stalled_client_does_not_hold_up_another(listener: Listener) -> None:
    stalled = socket.create_connection(("127.0.0.1", listener.port))
    stalled.sendall(START + GOOD[:50].encode())  # and never the rest
    other = Client(listener.port)
    started = time.monotonic()
    assert msa(other.send(GOOD))[0] == "AA"
    assert time.monotonic() - started < 5
    other.close()
    stalled.close()


def test_a_client_that_disconnects_mid_frame_leaves_the_listener_serving(
    listener: Listener,
) -> None:
    for _ in range(5):
        broken = socket.create_connection(("127.0.0.1", listener.port))
        broken.sendall(START + GOOD[:80].encode())
        broken.close()
    client = Client(listener.port)
    assert msa(client.send(GOOD))[0] == "AA"
    client.close()


def test_end_block_alone_is_refused(client: Client) -> None:
    client.send_raw(b"xx" + END)
    assert msa(client.ack())[0] == "AR"


def test_the_figures_count_messages_by_event_and_ack(client: Client, feed: Feed) -> None:
    from services.discharge.feed.metrics import feed_metrics

    client.send(GOOD)
    client.send(GOOD)
    client.send("MSH|^~\\&|LAB|RRV|||20240101120000||ORU^R01|LAB1|P|2.4\rPID|1||123")
    text = feed_metrics(feed).decode()
    assert 'carebridge_hl7_messages{ack="AA",event="A01",trust="RRV"} 2.0' in text
    assert 'carebridge_hl7_messages{ack="AR",event="R01",trust="RRV"} 1.0' in text
    assert 'carebridge_hl7_lag_seconds{stat="max",trust="RRV"}' in text


def test_a_discharge_before_the_admission_names_the_discharge_time(client: Client) -> None:
    client.send(fixture("uclh/CancelAdmit/01_A01.txt"))
    early = fixture("uclh/DuplicateSimple/04_A03.txt").replace(
        "|20130211120052|20130211140052", "|20130211120052|20130211100052"
    )
    ack = client.send(early)
    assert msa(ack) == ("AE", "31644ZZZ")
    assert "PV1-45" in str(ack.segment("ERR"))
