"""Home care zones (events/reference/zones.csv): loaded once and checked, a bad line refused
with its number, a postcode placed in its council's zone by its district."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.reference import zones
from events.reference.zones import BadTable, district_of, load, zone_of

HEADER = "council_code,zone_code,zone_name,districts\n"


def table(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "zones.csv"
    path.write_text("# a comment\n" + HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def test_sefton_is_shipped_in_three_zones() -> None:
    sefton = zones.zones_of("e08000014")
    assert [z.code for z in sefton] == ["SEF-FORMBY-MAGHULL", "SEF-NORTH", "SEF-SOUTH"]
    north = zones.zone("E08000014", "sef-north")
    assert north is not None and north.districts == {"PR8", "PR9"}
    assert {"L20", "L21", "L22", "L23", "L30"} <= zones.zone("E08000014", "SEF-SOUTH").districts  # type: ignore[union-attr]
    assert zones.zones() is zones.zones()  # read once


@pytest.mark.parametrize(
    ("postcode", "district"),
    [
        ("PR8 1AA", "PR8"),
        ("pr81aa", "PR8"),
        (" L37 4BX ", "L37"),
        ("EC1A1BB", "EC1A"),
        ("L20", "L20"),
    ],
)
def test_a_postcode_is_read_by_its_district(postcode: str, district: str) -> None:
    assert district_of(postcode) == district


def test_zone_of_places_a_postcode_in_its_councils_zone() -> None:
    assert zone_of("E08000014", "PR9 0AB") == "SEF-NORTH"
    assert zone_of("E08000014", "L31 2PQ") == "SEF-FORMBY-MAGHULL"
    assert zone_of("E08000014", "l23 6xy") == "SEF-SOUTH"
    assert zone_of("E08000014", "M1 1AE") is None  # Manchester: not a Sefton district
    assert zone_of("E06000015", "PR8 1AA") is None  # Derby has no zones in the table


def test_a_table_is_read_with_its_codes_upper_case(tmp_path: Path) -> None:
    [zone] = load(table(tmp_path, "e06000001,z1,Zone one,ts24 ts25", "")).values()
    assert (zone.council_code, zone.code, zone.districts) == ("E06000001", "Z1", {"TS24", "TS25"})


@pytest.mark.parametrize(
    ("rows", "says"),
    [
        (["E0800001,Z1,A,PR8"], "line 3: "),
        (["E08000014,Z 1,A,PR8"], "line 3: "),
        (["E08000014,Z1,,PR8"], "needs a name"),
        (["E08000014,Z1,A,"], "at least one postcode district"),
        (["E08000014,Z1,A,PR8 1AA"], "line 3: "),
        (["E08000014,Z1,A,PR8 PR8"], "listed twice in the zone"),
        (["E08000014,Z1,A,PR8", "E08000014,Z1,B,PR9"], "line 4: zone Z1 of E08000014 is listed"),
        (["E08000014,Z1,A,PR8", "E08000014,Z2,B,PR9 PR8"], "line 4: district PR8 is already"),
        (["E08000014,Z1,A"], "4 columns expected"),
    ],
)
def test_a_bad_line_is_refused_with_its_number(tmp_path: Path, rows: list[str], says: str) -> None:
    with pytest.raises(BadTable, match=says):
        load(table(tmp_path, *rows))


def test_the_same_district_may_lie_in_zones_of_two_councils(tmp_path: Path) -> None:
    found = load(table(tmp_path, "E08000014,Z1,A,L39", "E07000127,Z1,B,L39"))
    assert len(found) == 2


def test_a_wrong_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "zones.csv"
    path.write_text("council,zone\n", encoding="utf-8")
    with pytest.raises(BadTable, match="header"):
        load(path)
