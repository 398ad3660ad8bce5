"""MLLP framing: a message is 0x0B, the message, 0x1C 0x0D. Pure, over byte buffers."""

from __future__ import annotations

START, END = b"\x0b", b"\x1c\x0d"
MAX_FRAME = 1024 * 1024  # an ADT message is a few kilobytes; a megabyte is no message


class FrameError(Exception):
    """Bytes that are no frame: what was read is dropped, up to the next start block."""

    def __init__(self, reason: str, data: bytes = b"") -> None:
        super().__init__(reason)
        self.data = data[:MAX_FRAME]


def frame(message: str) -> bytes:
    return START + message.encode("utf-8") + END


def split(buffer: bytes) -> tuple[list[bytes | FrameError], bytes]:
    """The complete frames in `buffer` (or an error for each stretch of garbage), and the
    bytes kept for the next read."""
    found: list[bytes | FrameError] = []
    while buffer:
        start = buffer.find(START)
        if start == -1:
            found.append(FrameError("bytes outside an MLLP frame", buffer))
            return found, b""
        if start > 0 and buffer[:start].strip():
            found.append(FrameError("bytes outside an MLLP frame", buffer[:start]))
        buffer = buffer[start:]
        end = buffer.find(END)
        restart = buffer.find(START, 1)
        if restart != -1 and (end == -1 or restart < end):
            found.append(FrameError("a frame started before the last one ended", buffer[1:restart]))
            buffer = buffer[restart:]
            continue
        if end == -1:
            if len(buffer) > MAX_FRAME:
                found.append(FrameError(f"a frame longer than {MAX_FRAME} bytes", buffer[1:]))
                return found, b""
            return found, buffer
        found.append(buffer[1:end])
        buffer = buffer[end + 2 :]
    return found, b""
