"""Reading fields out of a parsed HL7 v2 message, tolerantly: an absent segment, field,
repetition or component reads as empty text, never an exception."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import hl7

from events.bounds import parse_uk_time

MAX_REPEATS = 20


@dataclass(frozen=True)
class Path:
    """A field's place, e.g. PV1-19.1: segment, field, component (0: the whole field)."""

    segment: str
    field: int
    component: int = 0

    @classmethod
    def of(cls, text: str) -> Path:
        """`PV1-19`, `PV1-3.2`, `ZU1-4`: the notation of the HL7 standard and the mapping."""
        segment, _, rest = text.strip().upper().partition("-")
        field, _, component = rest.partition(".")
        if len(segment) != 3 or not field.isdigit() or (component and not component.isdigit()):
            raise ValueError(f"{text!r} is not a field like PV1-19 or PV1-3.2")
        return cls(segment, int(field), int(component or 0))

    def __str__(self) -> str:
        suffix = f".{self.component}" if self.component else ""
        return f"{self.segment}-{self.field}{suffix}"


def value(message: hl7.Message, path: Path, repeat: int = 1) -> str:
    """The text at `path` (its first component when no component is named), or ''."""
    key = f"{path.segment}.F{path.field}.R{repeat}.C{path.component or 1}"
    try:
        return str(message[key]).strip()
    except (IndexError, KeyError, ValueError):
        return ""


def at(message: hl7.Message, text: str) -> str:
    return value(message, Path.of(text))


def repeats(message: hl7.Message, segment: str, field: int) -> Iterator[list[str]]:
    """Each repetition of a field as its list of components (PID-3's identifiers)."""
    for n in range(1, MAX_REPEATS + 1):
        parts = [value(message, Path(segment, field, c), n) for c in range(1, 10)]
        if not any(parts):
            return
        yield parts


def has_segment(message: hl7.Message, segment: str) -> bool:
    try:
        message.segment(segment)
    except KeyError:
        return False
    return True


def hl7_time(text: str) -> datetime:
    """An HL7 TS (YYYYMMDD[HHMM[SS[.S+]]][+/-ZZZZ]) through the one UK-time parser: without
    an offset it is UK local time. ValueError when it is not a time."""
    text = text.strip()
    body, sign, offset = text, "", ""
    for s in ("+", "-"):
        if s in text[8:]:
            i = text.index(s, 8)
            body, sign, offset = text[:i], s, text[i + 1 :]
    body = body.split(".")[0]
    if not body.isdigit() or len(body) not in (8, 10, 12, 14):
        raise ValueError(f"{text[:30]!r} is not an HL7 time (YYYYMMDDHHMM[SS])")
    iso = f"{body[:4]}-{body[4:6]}-{body[6:8]}"
    if len(body) > 8:
        minutes = body[10:12] or "00"
        iso += f"T{body[8:10]}:{minutes}:{body[12:14] or '00'}"
    if sign:
        if not (offset.isdigit() and len(offset) == 4):
            raise ValueError(f"{text[:30]!r} has an offset that is not +HHMM")
        iso += f"{'T00:00:00' if len(body) == 8 else ''}{sign}{offset[:2]}:{offset[2:]}"
    return parse_uk_time(iso)
