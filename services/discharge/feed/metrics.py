"""The feed's figures in Prometheus text, appended to /metrics by the process serving it:
messages by event and ACK code, control ids reused for other content, ADT events ignored,
and the lag from MSH-7 (when the engine sent it) to applied."""

from __future__ import annotations

from statistics import median

from prometheus_client import CollectorRegistry, Gauge, generate_latest

from services.discharge.feed.apply import Feed


def feed_metrics(feed: Feed) -> bytes:
    registry = CollectorRegistry()
    messages = Gauge(
        "carebridge_hl7_messages",
        "HL7 messages answered since start, by event and ACK code",
        ["trust", "event", "ack"],
        registry=registry,
    )
    for (event, code), n in sorted(feed.counts.items()):
        messages.labels(feed.trust, event or "-", code).set(n)
    Gauge(
        "carebridge_hl7_reused_control_ids",
        "messages applied whose MSH-10 came before with other content",
        ["trust"],
        registry=registry,
    ).labels(feed.trust).set(feed.reused_ids)
    Gauge(
        "carebridge_hl7_ignored",
        "ADT events that change no episode (acknowledged AA)",
        ["trust"],
        registry=registry,
    ).labels(feed.trust).set(feed.ignored)
    lags = list(feed.lag_seconds)
    lag = Gauge(
        "carebridge_hl7_lag_seconds",
        "seconds from MSH-7 to applied, over the last 1,000 messages applied",
        ["trust", "stat"],
        registry=registry,
    )
    if lags:
        lag.labels(feed.trust, "median").set(median(lags))
        lag.labels(feed.trust, "max").set(max(lags))
    return generate_latest(registry)
