"""The feed wired onto a running discharge service: its episodes, its database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from services.discharge.feed.apply import Feed
from services.discharge.feed.listener import Listener
from services.discharge.feed.mapping import load
from services.discharge.feed.store import FeedStore


def feed_of(discharge: Any, trust: str, config: Path | None = None) -> Feed:
    """`discharge`: the service's composition root (services.discharge.bootstrap)."""
    store = FeedStore(discharge.engine, discharge.settings.store_key)
    return Feed(discharge.app, store, trust, load(config))


def start_listener(
    discharge: Any, trust: str, port: int, host: str = "0.0.0.0", config: Path | None = None
) -> Listener:
    feed = feed_of(discharge, trust, config)
    listener = Listener(feed.handle, feed.refuse_frame, host=host, port=port).start()
    discharge.feed = feed
    return listener
