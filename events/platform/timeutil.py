"""Times in read models: stored as naive UTC so SQLite and PostgreSQL compare them alike."""

from __future__ import annotations

from datetime import UTC, datetime


def naive_utc(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("a naive datetime has no known zone; pass an aware one")
    return at.astimezone(UTC).replace(tzinfo=None)


def aware_utc(at: datetime | None) -> datetime | None:
    return None if at is None else at.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)
