"""What travels between the outbox relay, a bus and a consumer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from events.registry import Payload
from events.serialisation import Message

POSITION_HEADER = "position"


@dataclass(frozen=True)
class Outgoing:
    """One encoded integration event on its way out, with the publisher's notification id."""

    topic: str
    key: str
    value: bytes
    position: int


@dataclass(frozen=True)
class Delivery:
    """One integration event as a consumer receives it.

    `position` is the publisher's notification id. Within one partition it only grows
    (one relay publishes in notification order and a key always maps to one partition),
    so a consumer that records the highest position per `stream` atomically with its
    writes can recognise every redelivered or republished message.
    """

    topic: str
    partition: int
    offset: int
    position: int
    message: Message[Payload]

    @property
    def stream(self) -> str:
        return f"{self.topic}#{self.partition}"


Handler = Callable[[Delivery], None]
# Takes a poll's deliveries of one partition at once, in order (e.g. one transaction for all).
BatchHandler = Callable[[list[Delivery]], None]


class Publisher(Protocol):
    def publish(self, messages: list[Outgoing]) -> None:
        """Return only once every message is durably accepted, in the given order per key."""

    def close(self) -> None: ...
