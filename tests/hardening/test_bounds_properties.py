"""The bounds, one property per field family: whatever lies inside is taken as it is, the
first value past each edge is refused, and no value is refused by an error other than a
clear ValueError (never an OverflowError, never a crash)."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import events.bounds as b
from events.bounds.check import OutOfBounds, bounded
from events.bounds.docs import markdown

UK = ZoneInfo("Europe/London")

# family, lowest taken, highest taken, whether the lowest is itself taken
NUMBERS: list[tuple[Any, float, float, bool]] = [
    (b.Beds, 1, 2_000, True),
    (b.FreeBeds, 0, 2_000, True),
    (b.WaitDays, 0, 3_650, True),
    (b.Latitude, 49.0, 61.0, True),
    (b.Longitude, -8.7, 1.8, True),
    (b.DistanceKm, 0, 500, False),
    (b.HoldHours, 0, 336, False),
    (b.ReportAgeHours, 0, 2_160, False),
    (b.Money, 0, 20_000, True),
]


def refused(kind: Any, value: Any) -> bool:
    try:
        bounded(kind, value)
    except OutOfBounds:
        return True
    return False


@pytest.mark.parametrize(("kind", "low", "high", "low_taken"), NUMBERS)
@given(data=st.data())
def test_numbers_inside_are_taken_and_the_first_past_each_edge_refused(
    kind: Any, low: float, high: float, low_taken: bool, data: st.DataObject
) -> None:
    whole = (
        isinstance(low, int) and isinstance(high, int) and kind in (b.Beds, b.FreeBeds, b.WaitDays)
    )
    if whole:
        inside = data.draw(st.integers(int(low) if low_taken else int(low) + 1, int(high)))
        below, above = int(low) - (0 if not low_taken else 1), int(high) + 1
    else:
        inside = data.draw(
            st.floats(low, high, exclude_min=not low_taken, allow_nan=False, allow_infinity=False)
        )
        below = low if not low_taken else math.nextafter(low, -math.inf)
        above = math.nextafter(high, math.inf)
    assert bounded(kind, inside) == inside
    assert refused(kind, below) and refused(kind, above)
    for extreme in (2**63, -(2**63), float("nan"), float("inf"), -float("inf"), 1e308):
        assert refused(kind, extreme)


TEXT = [(b.Name, 1, 200), (b.ShortText, 0, 200), (b.Reference, 1, 100), (b.Note, 0, 2_000)]
printable = st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp"))


@pytest.mark.parametrize(("kind", "shortest", "longest"), TEXT)
@given(data=st.data())
def test_text_inside_is_taken_and_too_long_or_controlled_text_refused(
    kind: Any, shortest: int, longest: int, data: st.DataObject
) -> None:
    text = data.draw(st.text(printable, min_size=max(shortest, 1), max_size=longest))
    assert bounded(kind, text) == text
    assert refused(kind, "x" * (longest + 1))
    control = data.draw(st.sampled_from(["\x00", "\x1b", "\x7f", "\u0085"]))
    at = data.draw(st.integers(0, len(text)))
    assert refused(kind, text[:at] + control + text[at:])


CODES = [
    (b.OdsCode, r"[A-Z0-9]{3,6}"),
    (b.OnsCode, r"[EWSN][0-9]{8}"),
    (b.LaOfResidence, r"[EWSN][0-9]{8}|X"),
    (b.CqcLocationId, r"1-[0-9]{1,12}"),
    (b.Postcode, r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}"),
    (b.Ident, r"[A-Za-z0-9._:-]{1,64}"),
]


@pytest.mark.parametrize(("kind", "pattern"), CODES)
@given(data=st.data())
def test_codes_of_their_published_shape_are_taken_and_others_refused(
    kind: Any, pattern: str, data: st.DataObject
) -> None:
    code = data.draw(st.from_regex(rf"\A(?:{pattern})\Z"))
    assert bounded(kind, code.lower() if kind is not b.Ident else code) == code
    other = data.draw(st.text(max_size=20))
    if not re.fullmatch(pattern, other.strip().upper() if kind is not b.Ident else other.strip()):
        assert refused(kind, other)


def with_check_digit(nine: str) -> str | None:
    check = (11 - sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True)) % 11) % 11
    return None if check == 10 else nine + str(check)


@given(st.text("0123456789", min_size=9, max_size=9), st.integers(1, 9))
def test_nhs_numbers_pass_their_check_digit_and_nothing_else_does(nine: str, off: int) -> None:
    number = with_check_digit(nine)
    if number is None:
        return
    assert bounded(b.NhsNumber, number) == number
    assert bounded(b.NhsNumber, f"{number[:3]} {number[3:6]} {number[6:]}") == number
    wrong = number[:9] + str((int(number[9]) + off) % 10)
    assert refused(b.NhsNumber, wrong)
    for lookalike in ("²", "٣", "９"):  # a superscript, Arabic-Indic, a full-width digit
        assert refused(b.NhsNumber, number[:9] + lookalike)


@given(
    st.datetimes(datetime(1990, 1, 2), datetime.now() - timedelta(days=1), timezones=st.just(UTC))
)
def test_business_times_from_1990_to_now_are_taken(at: datetime) -> None:
    assert bounded(b.BusinessTime, at) == at


@given(st.integers(1, 10**6))
def test_business_times_before_1990_or_in_the_future_are_refused(minutes: int) -> None:
    assert refused(b.BusinessTime, datetime(1990, 1, 1, tzinfo=UTC) - timedelta(minutes=minutes))
    assert refused(b.BusinessTime, datetime.now(UTC) + timedelta(minutes=5 + minutes))


@given(st.datetimes(datetime(1990, 1, 1), datetime(2100, 12, 30)))
def test_a_time_without_offset_is_uk_local_or_refused_where_the_clocks_change(
    naive: datetime,
) -> None:
    early, late = naive.replace(tzinfo=UK, fold=0), naive.replace(tzinfo=UK, fold=1)
    exists = early.astimezone(UTC).astimezone(UK).replace(tzinfo=None) == naive
    if exists and early.utcoffset() == late.utcoffset():
        taken = bounded(b.QueryTime, naive)
        assert taken.tzinfo is not None and taken.astimezone(UK).replace(tzinfo=None) == naive
    else:
        assert refused(b.QueryTime, naive)


@given(st.integers(1, 9999), st.integers(1, 12))
def test_months_are_real_months_from_1990_to_2100(year: int, month: int) -> None:
    text = f"{year:04d}-{month:02d}"
    if 1990 <= year <= 2100:
        assert bounded(b.Month, text) == text
    else:
        assert refused(b.Month, text)
    assert refused(b.Month, f"{year:04d}-13") and refused(b.Month, f"{year:04d}-00")


@given(st.dates(date(1990, 1, 1), date.today()))
def test_past_dates_run_from_1990_to_today(day: date) -> None:
    assert bounded(b.PastDate, day) == day
    assert refused(b.PastDate, date(1989, 12, 31))
    assert refused(b.PastDate, date.today() + timedelta(days=2))


def test_the_bounds_document_is_generated_from_the_definitions() -> None:
    written = (Path(__file__).parents[2] / "docs" / "bounds.md").read_text()
    assert written == markdown(), "run: python -m events.bounds.docs"
