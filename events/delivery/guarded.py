"""Apply a batch of messages so that one that cannot be applied stops nothing.

The batch is tried whole first, inside a savepoint: the usual case costs one SAVEPOINT and
one RELEASE more than before. Only when it fails for a reason of the messages' own are they
applied again one by one, each in a savepoint of its own, so a failed message's partial
writes are rolled back while the others' stay, and commit with the position in the caller's
transaction. A transient failure (events/delivery/failures.py) propagates at once: the whole
transaction is rolled back and the batch is tried again later.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from sqlalchemy.engine import Connection

from events.delivery.failures import is_transient

T = TypeVar("T")

Apply = Callable[[Connection, Sequence[T]], None]
SetAside = Callable[[Connection, T, Exception], None]


def apply_guarded(
    conn: Connection, items: Sequence[T], apply: Apply[T], set_aside: SetAside[T]
) -> int:
    """`apply` the items in the caller's transaction; each one that cannot be applied is
    rolled back and handed to `set_aside` (with the same connection, so it is recorded in
    the same transaction). Returns how many were set aside."""
    if not items:
        return 0
    try:
        with conn.begin_nested():
            apply(conn, items)
        return 0
    except Exception as exc:
        if is_transient(exc):
            raise
        if len(items) == 1:
            set_aside(conn, items[0], exc)
            return 1
    failed = 0
    for item in items:
        try:
            with conn.begin_nested():
                apply(conn, [item])
        except Exception as exc:
            if is_transient(exc):
                raise
            set_aside(conn, item, exc)
            failed += 1
    return failed
