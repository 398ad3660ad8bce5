"""What every benchmark shares: results, timing, settings and throwaway databases."""

from __future__ import annotations

import math
import statistics
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlparse, urlunparse

import psycopg
from eventsourcing.cipher import AESCipher
from eventsourcing.persistence import ProcessRecorder
from kafka import KafkaAdminClient
from kafka.errors import KafkaError
from psycopg import sql

from events.platform.application import ServiceApplication
from events.platform.eventstore import eventstore_env
from events.platform.settings import Settings, load_settings

T = TypeVar("T")
U = TypeVar("U")
BENCH_JWT_SECRET = "carebridge-benchmark-secret-not-for-production-use"
# every store encrypted, as production requires and the embedded default does
BENCH_CIPHER_KEY = AESCipher.create_key(32)


@dataclass(frozen=True)
class Result:
    """One figure and the same work done by the engine alone. Both figures are rates
    (higher is better), so `ratio` is ours / engine: 1.0 means no overhead at all."""

    name: str
    backend: str
    size: str
    ours: float
    engine: float
    unit: str
    engine_work: str
    note: str = ""
    target: str = ""  # the key of the issue-19 target it is judged by (bench/targets.py)
    figure: float | None = None  # the value judged there, when not the ratio (ms a call)
    partial: bool = False  # the run did part of what the target names (bench/targets.py)

    @property
    def ratio(self) -> float:
        return self.ours / self.engine if self.engine else math.nan


def timed(work: Callable[[], T]) -> tuple[T, float]:
    """The work's result and its wall-clock seconds."""
    start = time.perf_counter()
    value = work()
    return value, time.perf_counter() - start


def in_turns(
    baseline: Callable[[], T], ours: Callable[[], U], rounds: int
) -> tuple[tuple[T, list[float]], tuple[U, list[float]]]:
    """Each work's last result and its seconds in every round, timed in turns (the baseline
    first): a slow spell of a shared machine then falls on both sides of a ratio, and the
    medians of the rounds make a ratio a single pair of runs would not (a baseline run here
    moves by up to a third from one run to the next)."""
    base_seconds: list[float] = []
    our_seconds: list[float] = []
    for _ in range(rounds):
        base, seconds = timed(baseline)
        base_seconds.append(seconds)
        mine, seconds = timed(ours)
        our_seconds.append(seconds)
    return (base, base_seconds), (mine, our_seconds)


def spread(seconds: list[float]) -> str:
    """The median of rounds' seconds and their range, for a note."""
    if len(seconds) == 1:
        return f"{seconds[0]:.2f} s"
    return f"{statistics.median(seconds):.2f} s ({min(seconds):.2f}-{max(seconds):.2f})"


def median_seconds(work: Callable[[], object], repeats: int) -> float:
    return statistics.median(timed(work)[1] for _ in range(repeats))


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile of the samples (pct from 0 to 100)."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def embedded_settings(data_dir: Path) -> Settings:
    """The embedded default (SQLite files in `data_dir`), ignoring the caller's environment."""
    return load_settings(
        _env_file=None,
        data_dir=data_dir,
        postgres_url=None,
        kafka_bootstrap=None,
        cipher_key=BENCH_CIPHER_KEY,
    )


def postgres_settings(url: str, data_dir: Path) -> Settings:
    return load_settings(
        _env_file=None,
        data_dir=data_dir,
        postgres_url=url,
        kafka_bootstrap=None,
        cipher_key=BENCH_CIPHER_KEY,
        jwt_secret=BENCH_JWT_SECRET,
    )


def backend_of(settings: Settings) -> str:
    return "PostgreSQL" if settings.postgres_url else "SQLite"


def engine_recorder(settings: Settings, store: str) -> tuple[ServiceApplication, ProcessRecorder]:
    """A bare application with its own empty store (another SQLite file or PostgreSQL
    schema), for handing the engine the same stored events the service wrote."""
    app = ServiceApplication(env=eventstore_env(settings, store))
    return app, app.outbox


@contextmanager
def production(
    server_url: str, bootstrap: str, data_dir: Path, **extra: object
) -> Iterator[Settings]:
    """Production settings on a fresh database and topics of this run only; both removed after."""
    prefix = f"bench{uuid.uuid4().hex[:8]}."
    with fresh_database(server_url) as url:
        try:
            yield load_settings(
                _env_file=None,
                data_dir=data_dir,
                postgres_url=url,
                kafka_bootstrap=bootstrap,
                topic_prefix=prefix,
                consumer_group_prefix=prefix,
                cipher_key=BENCH_CIPHER_KEY,
                jwt_secret=BENCH_JWT_SECRET,
                **extra,
            )
        finally:
            try:
                admin = KafkaAdminClient(bootstrap_servers=bootstrap)
                if ours := [t for t in admin.list_topics() if t.startswith(prefix)]:
                    admin.delete_topics(ours)
                admin.close()
            except KafkaError as exc:
                warnings.warn(f"could not delete the topics {prefix}*: {exc}", stacklevel=1)


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server at `server_url`, dropped afterwards."""
    name = f"carebridge_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunparse(urlparse(server_url)._replace(path=f"/{name}"))
    finally:
        try:
            with psycopg.connect(server_url, autocommit=True) as conn:
                drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                conn.execute(drop.format(sql.Identifier(name)))
        except psycopg.Error as exc:
            warnings.warn(f"could not drop the benchmark database {name}: {exc}", stacklevel=1)
