"""Limits on what a request may send, checked before any route reads it: a body larger than
the limit is a 413, and a body that is not JSON sent to a JSON API a 415. Pure ASGI, so a
streamed (chunked) body is counted as it arrives and never read whole into memory."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

WITH_BODY = {"POST", "PUT", "PATCH"}


class RequestLimits:
    def __init__(self, app: ASGIApp, max_body_bytes: int, json_paths: tuple[str, ...]) -> None:
        """`json_paths`: the path prefixes of the JSON APIs (the dashboard's own forms are
        not among them)."""
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.json_paths = json_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WITH_BODY:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        declared = headers.get("content-length", "")
        if declared and (not declared.isdigit() or int(declared) > self.max_body_bytes):
            await _answer(send, 413, self._too_large())
            return
        has_body = bool(declared and int(declared)) or "chunked" in headers.get(
            "transfer-encoding", ""
        )
        if has_body and scope["path"].startswith(self.json_paths) and not _is_json(headers):
            await _answer(send, 415, "send the body as JSON, with content-type: application/json")
            return
        await self._counted(scope, receive, send)

    async def _counted(self, scope: Scope, receive: Receive, send: Send) -> None:
        received = 0
        started = refused = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    # Answered here: the framework turns any error raised while it reads a
                    # body into its own 400. What the route then says is dropped.
                    if not started and not refused:
                        refused = True
                        await _answer(send, 413, self._too_large())
                    return {"type": "http.disconnect"}
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counting_receive, watching_send)

    def _too_large(self) -> str:
        return f"the request body is larger than the limit of {self.max_body_bytes:,} bytes"


def _is_json(headers: dict[str, str]) -> bool:
    media = headers.get("content-type", "").split(";")[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


async def _answer(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
