"""Benchmark: ADT messages per second through the hospital feed's MLLP listener (framed, sent
over a socket, parsed, applied to the episodes on SQLite, acknowledged), beside a bare
python-hl7 parse of the same messages. `python -m bench.hl7 [--messages N] [--window W]`.

Each message is a new admission of its own stay (a fresh reference), so every one writes an
event; the engine sends up to `window` messages before reading their ACKs, as integration
engines with a window of unacknowledged messages do (1: strictly one at a time)."""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path
from typing import Annotated

import hl7
import typer

from bench.common import Result, embedded_settings, timed
from bench.report import console, table
from events.delivery.inprocess import InProcessBus
from services.discharge.bootstrap import Discharge
from services.discharge.feed.listener import Listener
from services.discharge.feed.mllp import END, frame
from services.discharge.feed.wiring import feed_of

TEMPLATE = (
    "MSH|^~\\&|PAS|RCB|ROUTE|ROUTE|202401080900||ADT^A01^ADT_A01|{cid}|P|2.4\r"
    "EVN||202401080900|||C1^Darwin|202401080900\r"
    "PID|1||3333333333^^^NHS||SMITH^FREDRICA^J^^MRS^^L||196512131515|2\r"
    "PV1|1|I|RCB^OBS1^BAY2-6^RCB55|13|||||||||||||||{ref}^^^VISITID"
    "|||||||||||||||||||||||||202401080845"
)


def messages(n: int) -> list[str]:
    return [TEMPLATE.format(cid=f"B{i}", ref=f"V{i}") for i in range(n)]


def through_listener(port: int, texts: list[str], window: int) -> int:
    acked, buffer = 0, b""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        for start in range(0, len(texts), window):
            batch = texts[start : start + window]
            sock.sendall(b"".join(frame(t) for t in batch))
            for _ in batch:
                while END not in buffer:
                    buffer += sock.recv(65536)
                end = buffer.index(END)
                assert b"MSA|AA|" in buffer[:end], buffer[:end]
                buffer = buffer[end + 2 :]
                acked += 1
    return acked


def run(n: int, window: int) -> list[Result]:
    texts = messages(n)
    _, bare = timed(lambda: [hl7.parse(t) for t in texts])
    with tempfile.TemporaryDirectory() as tmp:
        discharge = Discharge(embedded_settings(Path(tmp)), InProcessBus())
        listener = Listener(feed_of(discharge, "RCB").handle, port=0).start()
        try:
            acked, ours = timed(lambda: through_listener(listener.port, texts, window))
        finally:
            listener.close()
            discharge.close()
    assert acked == n
    return [
        Result(
            "hl7: ADT A01 through the MLLP listener, applied and acknowledged",
            "SQLite",
            f"{n} messages, window {window}",
            n / ours,
            n / bare,
            "msg/s",
            "python-hl7 parse of the same messages",
        )
    ]


def main(
    n: Annotated[int, typer.Option("--messages", min=1)] = 2000,
    window: Annotated[int, typer.Option(min=1, max=1000)] = 1,
) -> None:
    console.print(table(run(n, window)))


if __name__ == "__main__":
    typer.run(main)
