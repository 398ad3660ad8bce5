"""The MLLP listener: one thread per connection from a bounded pool, so a slow or broken
client holds only its own thread; a connection beyond the pool is accepted and waits for a
free thread, never blocking the connections already served."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from services.discharge.feed.ack import ack
from services.discharge.feed.mllp import FrameError, frame, split

log = logging.getLogger(__name__)
IDLE_SECONDS = 300.0  # an engine keeps its connection open between messages
READ_BYTES = 64 * 1024


class Listener:
    def __init__(
        self,
        handle: Callable[[str], str],
        refuse: Callable[[str, str], str] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        max_connections: int = 32,
        idle_seconds: float = IDLE_SECONDS,
    ) -> None:
        self.handle, self.refuse, self.idle_seconds = handle, refuse, idle_seconds
        self.server = socket.create_server((host, port), reuse_port=False, backlog=64)
        self.port = self.server.getsockname()[1]
        self.pool = ThreadPoolExecutor(max_connections, thread_name_prefix="hl7-connection")
        self._stop = threading.Event()
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> Listener:
        self._thread = threading.Thread(target=self.serve, name="hl7-listener", daemon=True)
        self._thread.start()
        return self

    def serve(self) -> None:
        self.server.settimeout(0.5)
        while not self._stop.is_set():
            try:
                conn, peer = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                if self._stop.is_set():
                    return
                raise
            self.pool.submit(self._connection, conn, peer)

    def _connection(self, conn: socket.socket, peer: tuple[str, int]) -> None:
        conn.settimeout(self.idle_seconds)
        with self._lock:
            self._open.add(conn)
        try:
            with conn:
                self._serve_connection(conn)
        finally:
            with self._lock:
                self._open.discard(conn)

    def _serve_connection(self, conn: socket.socket) -> None:
        buffer = b""
        while not self._stop.is_set():
            try:
                data = conn.recv(READ_BYTES)
            except OSError:  # idle too long (a timeout is one) or reset: the engine reconnects
                return
            if not data:
                return
            frames, buffer = split(buffer + data)
            for item in frames:
                try:
                    conn.sendall(frame(self._answer(item)))
                except OSError:
                    return

    def _answer(self, item: bytes | FrameError) -> str:
        try:
            if isinstance(item, FrameError):
                reason = f"malformed MLLP frame: {item}"
                if self.refuse is None:
                    return ack("AR", field="MSH", reason=reason)
                return self.refuse(reason, item.data.decode("utf-8", errors="replace"))
            return self.handle(item.decode("utf-8", errors="replace"))
        except Exception as exc:  # a fault of ours (a store down): AE, the engine resends
            log.exception("hl7 message not handled")
            return ack("AE", field="MSH", reason=f"not applied, send again: {type(exc).__name__}")

    def close(self) -> None:
        self._stop.set()
        self.server.close()
        with self._lock:
            for conn in self._open:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.pool.shutdown(wait=False, cancel_futures=True)
