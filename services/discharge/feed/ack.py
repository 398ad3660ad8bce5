"""The acknowledgement of one message, sent back on the same connection: MSA-1 AA, AE or AR,
MSA-2 the message's MSH-10, an ERR segment naming the field at fault."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime

ERRORS = {
    "101": "Required field missing",
    "102": "Data type error",
    "200": "Unsupported message type",
    "204": "Unknown key identifier",
    "207": "Application internal error",
}
_ESCAPES = (("\\", "\\E\\"), ("|", "\\F\\"), ("^", "\\S\\"), ("&", "\\T\\"), ("~", "\\R\\"))
_counter = itertools.count(1)


def escape(text: str) -> str:
    """Text safe inside a field: the delimiters as HL7 escapes, no segment breaks."""
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return " ".join(text.split())[:200]


def ack(
    code: str,
    control_id: str = "",
    *,
    event: str = "",
    sender: tuple[str, str] = ("", ""),
    receiver: tuple[str, str] = ("CAREBRIDGE", "CAREBRIDGE"),
    field: str = "",
    reason: str = "",
    error: str = "",
    now: datetime | None = None,
) -> str:
    """An ACK message (segments separated by CR). `sender` is the original MSH-3/MSH-4,
    answered to; `field` like PV1-19 names what is wrong."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d%H%M%S+0000")
    own_id = f"CB{uuid.uuid4().hex[:12]}{next(_counter) % 10_000:04d}"
    msh = "|".join(
        [
            "MSH",
            "^~\\&",
            escape(receiver[0]),
            escape(receiver[1]),
            escape(sender[0]),
            escape(sender[1]),
            stamp,
            "",
            f"ACK^{escape(event)}^ACK" if event else "ACK",
            own_id,
            "P",
            "2.4",
        ]
    )
    segments = [msh, f"MSA|{code}|{escape(control_id)}|{escape(reason)}"]
    if code != "AA" or field:
        number = error or {"AE": "101", "AR": "200"}.get(code, "207")
        words = ERRORS.get(number, "")
        segment, _, rest = field.partition("-")
        position, _, component = rest.partition(".")
        location = "^".join([escape(segment), "1", escape(position), escape(component)])
        segments.append(
            f"ERR|{escape(segment)}^1^{escape(position)}^{number}&{words}&HL70357"
            f"|{location}|{number}^{words}^HL70357|{'W' if code == 'AA' else 'E'}"
            f"||||{escape(f'{field}: {reason}' if field else reason)}"
        )
    return "\r".join(segments) + "\r"
