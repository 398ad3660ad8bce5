"""Home care zones: the patches a council buys home care by (each zone's primary provider
holds a block of guaranteed weekly hours), as sets of postcode districts. The table is
`zones.csv` beside this module, read once and checked (each code against its pattern, a zone
listed once, a district in one zone of a council). How to add or import zones:
docs/reference-data.md."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from events.bounds import OnsCode, PostcodeDistrict, ZoneCode
from events.bounds.check import OutOfBounds, bounded
from events.reference.table import numbered_rows

TABLE = Path(__file__).with_name("zones.csv")
COLUMNS = ["council_code", "zone_code", "zone_name", "districts"]


@dataclass(frozen=True)
class Zone:
    council_code: str  # ONS code
    code: str
    name: str
    districts: frozenset[str]  # postcode districts: PR8, L37


class BadTable(ValueError):
    """The table has a line that is not a zone (the line is named)."""


def load(path: Path = TABLE) -> dict[tuple[str, str], Zone]:
    """Every zone of the table at `path` by (council, zone code), or BadTable naming the first
    bad line."""
    zones: dict[tuple[str, str], Zone] = {}
    owner: dict[tuple[str, str], str] = {}  # (council, district) -> zone code
    for number, row in numbered_rows(path, COLUMNS, BadTable):
        try:
            zone = _checked(row)
            key = (zone.council_code, zone.code)
            if key in zones:
                raise ValueError(f"zone {zone.code} of {zone.council_code} is listed twice")
            for district in sorted(zone.districts):
                taken = owner.setdefault((zone.council_code, district), zone.code)
                if taken != zone.code:
                    raise ValueError(f"district {district} is already in zone {taken}")
        except (OutOfBounds, ValueError) as exc:
            raise BadTable(f"{path}, line {number}: {exc}") from None
        zones[key] = zone
    return zones


def _checked(row: list[str]) -> Zone:
    if len(row) != len(COLUMNS):
        raise ValueError(f"{len(COLUMNS)} columns expected, found {len(row)}")
    council, code, name, districts = (cell.strip() for cell in row)
    if not name:
        raise ValueError("the zone needs a name")
    found = [str(bounded(PostcodeDistrict, d)) for d in districts.split()]
    if not found:
        raise ValueError("the zone needs at least one postcode district")
    if len(set(found)) != len(found):
        raise ValueError("a district is listed twice in the zone")
    return Zone(
        str(bounded(OnsCode, council)), str(bounded(ZoneCode, code)), name, frozenset(found)
    )


@cache
def zones() -> dict[tuple[str, str], Zone]:
    """The shipped table, read once."""
    return load()


def zones_of(council: str) -> list[Zone]:
    """A council's zones by code; none for a council without zones in the table."""
    council = council.strip().upper()
    return sorted((z for z in zones().values() if z.council_code == council), key=lambda z: z.code)


def zone(council: str, code: str) -> Zone | None:
    return zones().get((council.strip().upper(), code.strip().upper()))


def district_of(postcode: str) -> str:
    """A postcode's district (its outward code): PR8 of "PR8 1AA", of "pr81aa" and of "PR8"."""
    compact = "".join(postcode.split()).upper()
    if " " in postcode.strip() or len(compact) <= 4:
        return postcode.strip().upper().split()[0]
    return compact[:-3]  # the inward code is always a digit and two letters


def zone_of(council: str, postcode: str) -> str | None:
    """The code of the council's zone a postcode (or a postcode district) lies in; None when
    the council has no zone holding its district."""
    district = district_of(postcode)
    for found in zones_of(council):
        if district in found.districts:
            return found.code
    return None
