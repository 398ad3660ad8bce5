"""Errors every service's domain raises, so the HTTP edge maps them the same way.

Pure: no I/O, safe to import from domain code.
"""

from __future__ import annotations


class DomainError(Exception):
    """A command that the domain refuses."""


class InvalidInput(DomainError):
    """Bad input, naming the field at fault (HTTP 422)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class Conflict(DomainError):
    """The command clashes with the current state (HTTP 409): the last bed is gone, the
    home is suspended, the version you read is stale."""


class NotFound(DomainError):
    """No such thing (HTTP 404)."""


class Forbidden(DomainError):
    """The caller may not act on this (HTTP 403)."""
