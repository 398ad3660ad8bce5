"""The outbox relay wakes when its application commits new events, instead of leaving them to
its next poll; a tracking record alone wakes nothing. The polls here are an hour apart, so
only a wake can publish within the test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from events.delivery.inprocess import InProcessBus
from events.delivery.messages import Delivery
from events.delivery.relay import OutboxRelay
from events.delivery.tracking import save_tracked
from events.serialisation import decode, encode
from tests.events.test_delivery_embedded import Home, Publisher, sqlite_env

AN_HOUR = 3600.0
ENOUGH = 30.0  # seconds for a woken relay to publish on a loaded machine; never reached


class Heard:
    def __init__(self) -> None:
        self.notes: list[str] = []
        self.arrived = threading.Event()

    def __call__(self, delivery: Delivery) -> None:
        self.notes.append(delivery.message.payload.note)  # type: ignore[attr-defined]
        self.arrived.set()


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[Publisher, OutboxRelay, Heard]]:
    bus, heard = InProcessBus(), Heard()
    bus.subscribe("homes", heard)
    app = Publisher(sqlite_env(tmp_path / "pub.sqlite"))
    relay = OutboxRelay(app.outbox, app.translate, bus)
    app.on_saved(relay.nudge)
    stop = threading.Event()
    thread = threading.Thread(target=relay.run_forever, args=(stop, AN_HOUR), daemon=True)
    thread.start()
    yield app, relay, heard
    stop.set()
    relay.nudge()  # out of its wait, to see `stop`
    thread.join()
    app.close()


def test_a_saved_command_is_published_without_waiting_for_the_poll(
    running: tuple[Publisher, OutboxRelay, Heard],
) -> None:
    app, _, heard = running
    home = Home(free=3)
    app.save(home)
    assert heard.arrived.wait(ENOUGH)
    heard.arrived.clear()
    home.resume(note="back")
    app.save(home)
    assert heard.arrived.wait(ENOUGH)
    assert heard.notes == ["3", "back"]


def test_a_tracking_record_alone_does_not_wake_the_relay(tmp_path: Path) -> None:
    app = Publisher(sqlite_env(tmp_path / "pub.sqlite"))
    woken: list[bool] = []
    app.on_saved(lambda: woken.append(True))
    app.save(Home(free=1))
    assert woken == [True]
    [(topic, env)] = app.translate(app.outbox.select_notifications(1, 1)[0])
    save_tracked(app, Delivery(topic, 0, 0, 1, decode(encode(env))))
    assert woken == [True]
    app.close()
