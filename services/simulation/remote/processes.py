"""`carebridge demo --processes`: the three services started as their own `carebridge serve`
processes on a fresh database and topic prefix, with the settings written to a file so a
user can kill one and start it again by hand."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
from psycopg import sql

from events.platform.settings import Settings

NAMES = ("vacancies", "discharge", "broker")


def fresh_database(postgres_url: str, name: str) -> str:
    """Drop and create database `name` on the same server; its URL."""
    base = postgres_url.rpartition("/")[0]
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(drop.format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"{base}/{name}"


def demo_env(settings: Settings, database_url: str, prefix: str, data_dir: Path) -> dict[str, str]:
    """The settings every process of this demo shares (a service restarted by hand needs
    exactly these): the fresh database, this run's topics, and no wall-clock sweepers, as the
    simulation escalates referrals at its own simulated times."""
    assert settings.jwt_secret is not None and settings.kafka_bootstrap is not None
    assert settings.cipher_key is not None
    return {
        "CAREBRIDGE_DATA_DIR": str(data_dir),
        "CAREBRIDGE_POSTGRES_URL": database_url,
        "CAREBRIDGE_KAFKA_BOOTSTRAP": settings.kafka_bootstrap,
        "CAREBRIDGE_TOPIC_PREFIX": prefix,
        "CAREBRIDGE_CONSUMER_GROUP_PREFIX": prefix,
        "CAREBRIDGE_JWT_SECRET": settings.jwt_secret.get_secret_value(),
        "CAREBRIDGE_CIPHER_KEY": settings.cipher_key.get_secret_value(),
        "CAREBRIDGE_SWEEP_INTERVAL_SECONDS": "0",
        "CAREBRIDGE_RELAY_INTERVAL_SECONDS": "0.05",
        "CAREBRIDGE_POSTGRES_CONNECT_TIMEOUT": "2",
    }


def write_env(path: Path, env: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{k}={v}\n" for k, v in env.items()))
    path.chmod(0o600)  # it holds the token secret and the stores' key


@dataclass
class Services:
    env: dict[str, str]
    ports: dict[str, int]
    logs: Path
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def start(self, name: str) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        out = (self.logs / f"{name}.log").open("ab")
        cmd = [sys.executable, "-m", "services.cli", "serve", name, "--port", str(self.ports[name])]
        env = {k: v for k, v in os.environ.items() if not k.startswith("CAREBRIDGE_")}
        self.procs[name] = subprocess.Popen(
            cmd, env=env | self.env, stdout=out, stderr=subprocess.STDOUT
        )

    def start_all(self, patience: float = 60) -> None:
        for name in NAMES:
            self.start(name)
        deadline = time.monotonic() + patience
        for name in NAMES:
            while not self._healthy(name):
                if self.procs[name].poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not start: see {self.logs / name}.log")
                time.sleep(0.3)

    def _healthy(self, name: str) -> bool:
        try:
            return httpx.get(f"{self.url(name)}/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def stop_all(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
