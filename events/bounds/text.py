"""Text a real record can hold: bounded, trimmed, with no control characters (a name or a
reference is one line; a note may have line breaks and tabs)."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import BeforeValidator, Field, StringConstraints


# Checked before trimming, so a control character at either end is refused, not dropped.
def _one_line(value: object) -> object:
    if isinstance(value, str) and any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value):
        raise ValueError("must not contain control characters (tabs, line breaks and the like)")
    return value


def _lines(value: object) -> object:
    if isinstance(value, str) and any(
        unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\r\t" for ch in value
    ):
        raise ValueError("must not contain control characters")
    return value


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    BeforeValidator(_one_line),
    Field(description="a name: 1 to 200 characters on one line"),
]
ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=200),
    BeforeValidator(_one_line),
    Field(description="up to 200 characters on one line"),
]
Note = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=2_000),
    BeforeValidator(_lines),
    Field(description="free text: up to 2,000 characters, line breaks allowed"),
]
Reference = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    BeforeValidator(_one_line),
    Field(description="an organisation's own reference: 1 to 100 characters on one line"),
]
Ident = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$"
    ),
    Field(description="an id chosen by the caller: 1 to 64 letters, digits, . _ : -"),
]
CommandId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=100, pattern=r"^[\x21-\x22\x24-\x7e]*$"),
    Field(description="makes a retry safe: up to 100 printable ASCII characters, no spaces or #"),
]
