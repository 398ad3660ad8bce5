from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import hl7
import pytest

from services.discharge.bootstrap import Discharge
from services.discharge.feed.apply import Feed
from services.discharge.feed.listener import Listener
from services.discharge.feed.mllp import END, frame
from services.discharge.feed.wiring import feed_of

FIXTURES = Path(__file__).parents[2] / "fixtures" / "hl7"


def fixture(name: str) -> str:
    """A checked-in message, its segments joined by CR as an engine sends them."""
    return (FIXTURES / name).read_text(encoding="utf-8").strip().replace("\n", "\r")


class Client:
    """An integration engine's end of one MLLP connection."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buffer = b""

    def send_raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def send(self, message: str) -> hl7.Message:
        self.send_raw(frame(message))
        return self.ack()

    def ack(self) -> hl7.Message:
        while END not in self.buffer:
            data = self.sock.recv(65536)
            assert data, "the listener closed the connection"
            self.buffer += data
        end = self.buffer.index(END)
        body, self.buffer = self.buffer[1:end], self.buffer[end + 2 :]
        return hl7.parse(body.decode())

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def feed(discharge: Discharge) -> Feed:
    return feed_of(discharge, "RRV")


@pytest.fixture
def listener(feed: Feed) -> Iterator[Listener]:
    server = Listener(feed.handle, feed.refuse_frame, port=0).start()
    yield server
    server.close()


@pytest.fixture
def client(listener: Listener) -> Iterator[Client]:
    c = Client(listener.port)
    yield c
    c.close()


def msa(ack: hl7.Message) -> tuple[str, str]:
    return str(ack["MSA.F1"]), str(ack["MSA.F2"])
