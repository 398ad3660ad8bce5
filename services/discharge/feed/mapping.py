"""How one trust fills its ADT messages: where the episode reference, the ward, the NHS
number and readiness are, and its code tables. Trusts differ; the mapping changes, not the
code. Every key is optional in the TOML file; the defaults are documented in docs/feeds.md.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path as FilePath
from typing import Any

from services.discharge.domain.vocabulary import CareType
from services.discharge.feed.fields import Path

CARE_TYPES = tuple(c.value for c in CareType)

# NHS Data Dictionary discharge destination codes (and the words UCLH's engine sends), to
# how the episode ends and where the patient went.
DESTINATIONS: dict[str, tuple[str, str]] = {
    "19": ("discharged", "home: usual place of residence"),
    "29": ("discharged", "temporary place of residence"),
    "49": ("transferred", "NHS hospital: general ward"),
    "50": ("transferred", "NHS hospital: psychiatric ward"),
    "51": ("transferred", "NHS hospital: other"),
    "52": ("transferred", "NHS hospital: maternity"),
    "53": ("transferred", "NHS hospital: psychiatric"),
    "54": ("discharged", "NHS run care home"),
    "65": ("discharged", "local authority residential accommodation"),
    "66": ("discharged", "local authority foster care"),
    "79": ("died", "not applicable: died"),
    "84": ("transferred", "non-NHS hospital: high security"),
    "85": ("discharged", "non-NHS run care home"),
    "87": ("transferred", "non-NHS run hospital"),
    "88": ("discharged", "non-NHS run hospice"),
    "HOME": ("discharged", "home: usual place of residence"),
    "DIED": ("died", "not applicable: died"),
}


@dataclass(frozen=True)
class TrustMapping:
    reference: Path = Path("PV1", 19, 1)
    ward: Path = Path("PV1", 3, 1)  # UCLH; the ITK examples carry it in PV1-3.2
    site: Path = Path("PV1", 3, 4)
    admitted_at: Path = Path("PV1", 44)
    discharged_at: Path = Path("PV1", 45)
    disposition: Path = Path("PV1", 36)
    discharged_to: Path = Path("PV1", 37)
    residence: Path = Path("PID", 11, 9)  # county/parish code: the ONS code where sent
    nhs_types: tuple[str, ...] = ("NH", "HN")
    nhs_authorities: tuple[str, ...] = ("NHS",)
    # PID-3 / MRG-1 assigning authorities of the hospital number; none: the first other id
    hospital_authorities: tuple[str, ...] = ()
    # Readiness only from a field this trust names (a Z segment); never from PV2-9.
    ready_at: Path | None = None
    # Patient class (PV1-2) to care type; a class absent here is no inpatient stay.
    classes: dict[str, str] = field(default_factory=lambda: {"I": "acute", "E": "acute"})
    # Patient type (PV1-18) to care type, overriding the class (a community bed, say).
    patient_types: dict[str, str] = field(default_factory=dict)
    destinations: dict[str, tuple[str, str]] = field(default_factory=lambda: dict(DESTINATIONS))

    def destination(self, disposition: str, to: str) -> tuple[str, str] | None:
        for code in (disposition, to):
            if code and code.upper() in self.destinations:
                return self.destinations[code.upper()]
        return None


_PATHS = {"reference", "ward", "site", "admitted_at", "discharged_at", "disposition"}
_PATHS |= {"discharged_to", "residence", "ready_at"}


def load(path: FilePath | None) -> TrustMapping:
    """The defaults, with what the file sets. ValueError naming a key it cannot read."""
    if path is None:
        return TrustMapping()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return from_dict(data.get("hl7", data))


def from_dict(data: dict[str, Any]) -> TrustMapping:
    try:
        return _from_dict(data)
    except (AttributeError, TypeError) as exc:  # a table where a text was due, or the reverse
        raise ValueError(f"the mapping does not have the expected shape: {exc}") from None


def _from_dict(data: dict[str, Any]) -> TrustMapping:
    known = {f.name for f in fields(TrustMapping)}
    changes: dict[str, Any] = {}
    for key, raw in data.items():
        if key not in known:
            raise ValueError(
                f"unknown key {key!r} in the mapping (known: {', '.join(sorted(known))})"
            )
        if key in _PATHS:
            changes[key] = Path.of(str(raw))
        elif key in ("nhs_types", "nhs_authorities", "hospital_authorities"):
            changes[key] = tuple(str(v).upper() for v in raw)
        elif key == "destinations":
            base = dict(DESTINATIONS)
            for code, (kind, words) in raw.items():
                if kind not in ("discharged", "transferred", "died"):
                    raise ValueError(
                        f"destinations.{code}: {kind!r} is not discharged, transferred or died"
                    )
                base[str(code).upper()] = (kind, str(words))
            changes[key] = base
        else:
            table = {str(k).upper(): str(v) for k, v in raw.items()}
            wrong = sorted(v for v in table.values() if v not in CARE_TYPES)
            if wrong:
                raise ValueError(
                    f"{key}: {wrong[0]!r} is not a care type ({', '.join(CARE_TYPES)})"
                )
            changes[key] = table
    return replace(TrustMapping(), **changes)
