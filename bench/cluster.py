"""The three services as separate processes in production mode, as
`tests/integration/faults/cluster.py` runs them, on free ports of this machine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

from events import topics
from events.delivery.kafka import ensure_topics
from events.platform.settings import Settings

REPO = Path(__file__).parents[1]
POLL, TIMEOUT = 0.005, 30.0  # seconds


def env_of(s: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREBRIDGE_")}
    for key, value in s.model_dump(exclude_none=True).items():
        # a secret's str() is its mask: the process needs the value
        plain = value.get_secret_value() if isinstance(value, SecretStr) else value
        env[f"CAREBRIDGE_{key.upper()}"] = str(plain)
    env |= {"CAREBRIDGE_JWT_SECRET": s.signing_secret, "PYTHONPATH": str(REPO)}
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def until(check: Callable[[], Any], what: str) -> Any:
    """Poll every 5 ms until `check` gives something truthy."""
    deadline = time.perf_counter() + TIMEOUT
    while not (found := check()):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{what} not seen within {TIMEOUT:.0f} s")
        time.sleep(POLL)
    return found


@contextmanager
def cluster(settings: Settings, logs: Path) -> Iterator[dict[str, str]]:
    """`carebridge serve <name>` for each service, as its own process; their base URLs."""
    assert settings.kafka_bootstrap
    ensure_topics(
        settings.kafka_bootstrap, [topics.named(t, settings.topic_prefix) for t in topics.ALL]
    )
    urls, procs = {}, []
    with ExitStack() as stack:
        try:
            for name in ("vacancies", "discharge", "broker"):
                port = free_port()
                out = stack.enter_context((logs / f"{name}.log").open("wb"))
                cmd = [sys.executable, "-m", "services.cli", "serve", name, "--port", str(port)]
                procs.append(subprocess.Popen(cmd, env=env_of(settings), stdout=out, stderr=out))
                urls[name] = f"http://127.0.0.1:{port}"
            for proc, url in zip(procs, urls.values(), strict=True):
                until(partial(healthy, proc, url), f"{url}/health")
            yield urls
        except Exception as exc:
            tails = [
                f"--- {log.name}:\n{log.read_text(errors='replace')[-2000:]}"
                for log in logs.glob("*.log")
            ]
            raise RuntimeError("\n".join([str(exc), *tails])) from exc
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()


def healthy(proc: subprocess.Popen[bytes], url: str) -> bool:
    assert proc.poll() is None, f"the service for {url} exited"
    try:
        return httpx.get(f"{url}/health", timeout=2).status_code == 200
    except httpx.TransportError:
        return False
