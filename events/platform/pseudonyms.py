"""Pseudonyms for rows shown to analysts: a keyed hash in place of an id that leads to a
person (episode, request, hospital reference), so rows can be counted and joined across one
deployment's answers but not traced back without the key.

The key is derived from the deployment's signing secret and never leaves the process; the same
id always gives the same pseudonym under one key, different ids different ones.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

_LABEL = b"carebridge pseudonyms v1"


class Pseudonyms:
    def __init__(self, secret: str) -> None:
        self._key = hmac.new(secret.encode(), _LABEL, hashlib.sha256).digest()

    def of(self, value: object) -> str:
        """`p-` and 20 hex digits (80 bits: no collision among a nation's episodes)."""
        digest = hmac.new(self._key, str(value).encode(), hashlib.sha256).hexdigest()
        return f"p-{digest[:20]}"

    def rows(
        self, rows: list[dict[str, Any]], ids: tuple[str, ...], blank: tuple[str, ...] = ()
    ) -> list[dict[str, Any]]:
        """The rows as an analyst gets them: each of `ids` replaced by its pseudonym (an id
        left out stays left out), each of `blank` emptied (wards, places: they narrow a person
        down)."""
        out = []
        for row in rows:
            copy = dict(row)
            for name in ids:
                if copy.get(name) is not None:
                    copy[name] = self.of(copy[name])
            copy.update(dict.fromkeys(blank, ""))
            out.append(copy)
        return out
