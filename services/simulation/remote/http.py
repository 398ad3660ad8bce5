"""One HTTP client for the three services: a call is retried while its service is down or
restarting (connection refused, timeouts, 502/503/504), and a refusal comes back as the
domain error the embedded service would have raised (404, 409, 422, 403)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, NoReturn

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_delay, wait_fixed

from events.platform.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound

log = logging.getLogger(__name__)
RETRY_STATUS = {502, 503, 504}


class ServiceUnavailable(RuntimeError):
    """A service stayed unreachable for longer than the client waits."""


class Away(RuntimeError):
    """The service's proxy or the service itself said it cannot answer now (502/503/504)."""


def _why(state: RetryCallState) -> str:
    exc = state.outcome.exception() if state.outcome else None
    return str(exc) if isinstance(exc, Away) else type(exc).__name__


class Api:
    def __init__(
        self,
        urls: dict[str, str],
        token: str | Callable[[], str],
        patience: float = 600.0,
        pause: float = 0.25,
    ) -> None:
        """`token`: the bearer token, or what gives the current one (it is renewed)."""
        self.urls = {name: url.rstrip("/") for name, url in urls.items()}
        self.patience, self.pause = patience, pause
        self.token = token if callable(token) else (lambda: token)
        self.client = httpx.Client(timeout=30)
        self.retries = 0  # calls repeated because a service was away (for the report)
        self.polls_retried = 0  # the same for /metrics polls

    def service_of(self, path: str) -> str:
        return path.split("/")[1]

    def call(
        self, method: str, path: str, body: Any = None, params: dict[str, Any] | None = None
    ) -> Any:
        """The JSON answer. The same request is sent again until the service answers: each
        command the simulation sends is safe to repeat (ids chosen here, or state-checked)."""
        url = self.urls[self.service_of(path)] + path
        r = self._until_answered(
            f"{method} {path}",
            lambda: self.client.request(
                method, url, json=body, params=params, headers=self._bearer()
            ),
            lambda r: r.status_code not in RETRY_STATUS,
            "retries",
        )
        return _answer(r)

    def text(self, url: str) -> str:
        """A plain GET (metrics), retried like any call."""
        r = self._until_answered(
            f"GET {url}",
            lambda: self.client.get(url, headers=self._bearer()),
            lambda r: r.status_code == 200,
            "polls_retried",
        )
        return r.text

    def _bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token()}"}

    def _until_answered(
        self,
        what: str,
        send: Callable[[], httpx.Response],
        answered: Callable[[httpx.Response], bool],
        counter: str,
    ) -> httpx.Response:
        def again(state: RetryCallState) -> None:
            setattr(self, counter, getattr(self, counter) + 1)
            log.info("%s: %s; trying again", what, _why(state))

        def give_up(state: RetryCallState) -> NoReturn:
            raise ServiceUnavailable(f"{what}: still failing ({_why(state)})")

        retrying = Retrying(
            retry=retry_if_exception_type((Away, httpx.TransportError)),
            stop=stop_after_delay(self.patience),
            wait=wait_fixed(self.pause),
            before_sleep=again,
            retry_error_callback=give_up,
        )
        for attempt in retrying:
            with attempt:
                r = send()
                if not answered(r):
                    raise Away(f"{r.status_code} {r.text[:120]}")
        return r

    def close(self) -> None:
        self.client.close()


def _answer(r: httpx.Response) -> Any:
    if r.status_code < 400:
        return r.json()
    detail = _detail(r)
    if r.status_code == 404:
        raise NotFound(detail)
    if r.status_code == 409:
        raise Conflict(detail)
    if r.status_code == 422:
        if r.headers.get("content-type", "").startswith("application/json") and isinstance(
            r.json().get("detail"), list
        ):  # the request's shape, not the domain: a bug in this client, so say so
            log.warning("%s %s refused as malformed: %s", r.request.method, r.url, detail)
        raise InvalidInput("request", detail)
    if r.status_code == 403:
        raise Forbidden(detail)
    if r.status_code < 500:
        raise DomainError(f"{r.status_code}: {detail}")
    r.raise_for_status()
    raise AssertionError("unreachable")


def _detail(r: httpx.Response) -> str:
    try:
        return str(r.json().get("detail", r.text))
    except ValueError:
        return r.text
