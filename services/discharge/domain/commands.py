"""Commands a caller may send again: each carries the caller's `command_id`, and the API adds
a digest of what the command said, so a retry (same id, same content) is recognised and
changes nothing, while the same id sent with other content is a conflict, never a silent
no-op. Ids stored before digests were added (or made by the importer and the policies,
which key by content already) have no digest and match their id alone."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from typing import Any

from events.platform.errors import Conflict

SEPARATOR = "#"  # never part of a caller's own id (events.bounds.CommandId refuses it)


def with_digest(command_id: str, content: dict[str, Any]) -> str:
    """The id as stored: the caller's id and a digest of the command's content."""
    if not command_id:
        return ""
    text = json.dumps(content, sort_keys=True, default=str, separators=(",", ":"))
    return f"{command_id}{SEPARATOR}{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def already_applied(commands: Collection[str], command_id: str) -> bool:
    """True when this command was applied before; Conflict when its id was used before for
    other content."""
    if not command_id:
        return False
    if command_id in commands:
        return True
    own, _, digest = command_id.partition(SEPARATOR)
    if not digest:
        return False
    if own in commands:
        return True  # stored before digests were kept: the id alone decides
    prefix = own + SEPARATOR
    if any(known.startswith(prefix) for known in commands):
        raise Conflict(f"command_id {own!r} was already used for a different command")
    return False
