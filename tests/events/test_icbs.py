"""The ICB reference table (events/reference/icbs.csv): loaded once, every code checked, a bad
line refused with its number."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.reference import icbs
from events.reference.icbs import BadTable, load, members_of

HEADER = "icb_code,icb_name,member_kind,member_code,member_name\n"


def table(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "icbs.csv"
    path.write_text("# a comment\n" + HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def test_the_shipped_table_loads_with_its_trusts_and_councils() -> None:
    trusts, councils = members_of("qyg")
    assert {"RVY", "REM", "RW4"} <= trusts and {"E08000014", "E08000012"} <= councils
    assert members_of("QJ2") == (frozenset({"RTG", "RFS"}), frozenset({"E06000015", "E10000007"}))
    assert members_of("QZZ") == (frozenset(), frozenset())
    assert icbs.icbs() is icbs.icbs()  # read once
    assert icbs.known(" qe1 ") and not icbs.known("QZZ")
    assert icbs.icbs()["QYG"].name == "NHS Cheshire and Merseyside Integrated Care Board"


def test_a_table_is_read_with_its_codes_upper_case(tmp_path: Path) -> None:
    path = table(tmp_path, "qaa,NHS A ICB,trust,rx9,T", "QAA,NHS A ICB,council,e06000001,C", "")
    [icb] = load(path).values()
    assert (icb.code, icb.trusts, icb.councils) == ("QAA", {"RX9"}, {"E06000001"})


@pytest.mark.parametrize(
    ("row", "says"),
    [
        ("QAA,NHS A ICB,hospital,RX9,T", "member_kind must be trust or council"),
        ("QAAA,NHS A ICB,trust,RX9,T", "line 3"),
        ("QAA,NHS A ICB,trust,E06000001,T", "line 3"),  # a council's code as a trust's
        ("QAA,NHS A ICB,council,RX9,C", "line 3"),
        ("QAA,,trust,RX9,T", "the ICB needs a name"),
        ("QAA,NHS A ICB,trust", "5 columns expected"),
    ],
)
def test_a_bad_line_is_refused_with_its_number(tmp_path: Path, row: str, says: str) -> None:
    with pytest.raises(BadTable, match=says):
        load(table(tmp_path, row))


def test_an_icb_with_two_names_or_a_member_twice_is_refused(tmp_path: Path) -> None:
    named_twice = table(tmp_path, "QAA,NHS A ICB,trust,RX9,T", "QAA,NHS B ICB,trust,RX8,T")
    with pytest.raises(BadTable, match="line 4: QAA is already named"):
        load(named_twice)
    listed_twice = table(tmp_path, "QAA,NHS A ICB,trust,RX9,T", "QAA,NHS A ICB,trust,rx9,T")
    with pytest.raises(BadTable, match="trust RX9 is already in QAA"):
        load(listed_twice)


def test_a_table_without_its_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "icbs.csv"
    path.write_text("QAA,NHS A ICB,trust,RX9,T\n", encoding="utf-8")
    with pytest.raises(BadTable, match="the header must be"):
        load(path)
