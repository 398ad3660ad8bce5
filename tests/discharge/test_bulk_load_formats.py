"""The text a fast rebuild sends PostgreSQL's COPY: escaped as COPY's text format wants, or
left to psycopg's `write_row` for any value it does not know."""

from __future__ import annotations

from datetime import UTC, datetime

from events.platform.shadow import _copy_text


def test_copy_text_escapes_separators_backslashes_and_keeps_nulls() -> None:
    at = datetime(2026, 3, 29, 1, 30, 0, 5)
    text = _copy_text(
        [
            ["plain", "tab\there, line\nthere, cr\r, back\\slash", None, "\\N"],
            [1, 22, None, 4],
            [at, None, at, at],
        ]
    )
    assert text == (
        "plain\t1\t2026-03-29T01:30:00.000005\n"
        "tab\\there, line\\nthere, cr\\r, back\\\\slash\t22\t\\N\n"
        "\\N\t\\N\t2026-03-29T01:30:00.000005\n"
        "\\\\N\t4\t2026-03-29T01:30:00.000005\n"
    )


def test_copy_text_leaves_other_values_to_psycopg() -> None:
    assert _copy_text([[datetime(2026, 1, 1, tzinfo=UTC)]]) is None  # aware: a zone to write
    assert _copy_text([[True]]) is None
    assert _copy_text([[{"a": 1}]]) is None
    assert _copy_text([["nul\x00"]]) is None
