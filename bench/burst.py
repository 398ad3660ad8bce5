"""A burst of commands while the consumers lag: the three services as processes on PostgreSQL
and Kafka, 8 HTTP clients sending admissions and readiness to the discharge service as fast as
it answers, the broker's consumer group (one or more processes) behind them.

    python -m bench.burst --postgres-url URL --kafka-bootstrap HOST:PORT
                          [--commands 10000] [--clients 8] [--brokers 1]

Prints the HTTP command rate beside the same commands through the application in process,
the broker group's lag on the episodes topic (sampled every
100 ms: its peak) and the time from the last command's answer to the lag reaching zero, with
every message published, and the target of issue 19 it measures. Measures; asserts nothing.
"""

from __future__ import annotations

import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import httpx
import typer
from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition

from bench import targets
from bench.cluster import cluster
from bench.common import production
from bench.report import console
from events import topics
from events.platform.auth import Role, issue_token
from events.platform.settings import Settings

COUNCIL, TRUST = "E08000014", "RVY"
cli = typer.Typer(add_completion=False, help=__doc__)


class Lag:
    """The broker group's lag on the episodes topic: the end offsets minus what it committed."""

    def __init__(self, settings: Settings) -> None:
        assert settings.kafka_bootstrap
        self.group = f"{settings.consumer_group_prefix}-broker"
        topic = topics.named(topics.EPISODES, settings.topic_prefix)
        self.admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap)
        self.ends = KafkaConsumer(bootstrap_servers=settings.kafka_bootstrap)
        partitions = self.ends.partitions_for_topic(topic) or set()
        self.partitions = [TopicPartition(topic, p) for p in partitions]

    def now(self) -> tuple[int, int]:
        """(lag, messages on the topic)."""
        ends = self.ends.end_offsets(self.partitions)
        done = self.admin.list_group_offsets({self.group: None}).get(self.group, {})
        lag = sum(end - (done[tp].offset if tp in done else 0) for tp, end in ends.items())
        return lag, sum(ends.values())

    def close(self) -> None:
        self.admin.close()
        self.ends.close()


def burst(urls: dict[str, str], secret: str, commands: int, clients: int) -> float:
    """Send `commands` (an admission, then its readiness on P3) over `clients` connections;
    the seconds it took."""
    token = issue_token(secret, role=Role.DISCHARGE, organisation=TRUST)
    headers = {"Authorization": f"Bearer {token}"}
    admitted = (datetime.now(UTC) - timedelta(days=4)).isoformat()
    local = threading.local()

    def patient(n: int) -> None:
        http = getattr(local, "http", None) or httpx.Client(base_url=urls["discharge"], timeout=60)
        local.http = http
        body = {
            "reference": f"BURST-{n}", "provider_code": TRUST, "provider_name": "Aintree",
            "ward": "W1", "care_type": "acute", "la_code": COUNCIL, "la_name": "Sefton",
            "admitted_at": admitted,
        }  # fmt: skip
        r = http.post("/discharge/episodes", json=body, headers=headers)
        r.raise_for_status()
        ready = http.post(
            f"/discharge/episodes/{r.json()['episode_id']}/ready",
            json={"pathway": "P3"},
            headers=headers,
        )
        ready.raise_for_status()

    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(patient, range(commands // 2)))
    return time.perf_counter() - began


def in_process_rate(settings: Settings, commands: int) -> float:
    """The same admissions and readiness through the discharge application itself, one after
    another (no HTTP, no authentication, no JSON): commands a second."""
    from services.discharge.application import Step
    from services.discharge.bootstrap import Discharge
    from services.discharge.entrypoints import schemas as s
    from services.runtime import Runtime

    runtime = Runtime(settings, ("discharge",))
    service = runtime.services["discharge"]
    assert isinstance(service, Discharge)
    admitted = datetime.now(UTC) - timedelta(days=4)
    began = time.perf_counter()
    for n in range(commands // 2):
        body = s.Admit(
            reference=f"INPROC-{n}", provider_code=TRUST, provider_name="Aintree", ward="W1",
            care_type="acute", la_code=COUNCIL, la_name="Sefton", admitted_at=admitted,
        )  # fmt: skip
        details = body.model_dump(exclude={"admitted_at", "command_id"})
        episode, _ = service.app.admit(occurred_at=admitted, command_id="", **details)
        ready = s.MarkReady.model_validate({"pathway": "P3"}).model_dump(exclude={"occurred_at"})
        ready |= {"command_id": "", "occurred_at": datetime.now(UTC)}
        service.app.record(episode.id, [Step("mark_ready", **ready)])
    seconds = time.perf_counter() - began
    runtime.close()
    return commands / seconds


@cli.command()
def main(
    postgres_url: Annotated[str, typer.Option(help="a PostgreSQL server")],
    kafka_bootstrap: Annotated[str, typer.Option(help="a Kafka broker")],
    commands: Annotated[int, typer.Option(min=2, max=200_000)] = 10_000,
    clients: Annotated[int, typer.Option(min=1, max=64)] = 8,
    brokers: Annotated[int, typer.Option(min=1, max=8, help="broker processes, one group")] = 1,
) -> None:
    """Burst, watch the lag, report."""
    with (
        tempfile.TemporaryDirectory(prefix="carebridge-burst-") as tmp,
        production(postgres_url, kafka_bootstrap, Path(tmp)) as settings,
        cluster(settings, Path(tmp), brokers=brokers) as urls,
    ):
        lag = Lag(settings)
        samples: list[tuple[float, int, int]] = []
        stop = threading.Event()

        def watch() -> None:
            while not stop.is_set():
                samples.append((time.perf_counter(), *lag.now()))
                stop.wait(0.1)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        console.print(f"{commands:,} commands over {clients} clients, {brokers} broker process(es)")
        seconds = burst(urls, settings.signing_secret, commands, clients)
        sent_at = time.perf_counter()
        expected = commands  # each admission and each readiness is one message on the topic
        deadline = sent_at + 600
        while time.perf_counter() < deadline:
            behind, published = lag.now()
            if published >= expected and behind == 0:
                break
            time.sleep(0.05)
        drained = time.perf_counter() - sent_at
        stop.set()
        watcher.join()
        lag.close()
    peak = max((s[1] for s in samples), default=0)
    with (
        tempfile.TemporaryDirectory(prefix="carebridge-burst-") as tmp,
        production(postgres_url, kafka_bootstrap, Path(tmp)) as settings,
    ):
        baseline = in_process_rate(settings, min(commands, 2_000))
    ratio = commands / seconds / baseline
    console.print(
        f"In process: {baseline:,.0f} commands/s (the discharge application alone, one at a "
        f"time, on its own fresh database); HTTP with {clients} clients / in process: "
        f"{ratio:.2f}"
    )
    console.print(
        f"HTTP commands: {commands / seconds:,.0f}/s ({seconds:.1f} s for {commands:,}); "
        f"peak lag {peak:,} messages; drained {drained:.1f} s after the last command's answer"
        + ("" if behind == 0 else f" [red](not drained: {behind:,} behind after 600 s)[/red]")
    )
    source = f"13, {commands:,} commands, {clients} clients, {brokers} broker process(es)"
    console.print(
        targets.table({"http-commands": targets.Figure(ratio, source)}, ["http-commands"])
    )


if __name__ == "__main__":
    cli()
