"""One row of a trust's tracker CSV: its columns with their bounds (events.bounds), the key
that makes a re-import a no-op, and the domain commands it stands for.

A cell outside its column's bounds is a pydantic error whose `loc` is the column, so the
import report can name the line, the column and the reason.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PrivateAttr,
    ValidationError,
    model_validator,
)
from pydantic_core import to_jsonable_python

from events.bounds import (
    BusinessTime,
    LaOfResidence,
    Name,
    NhsNumber,
    OdsCode,
    Reference,
    ShortText,
)
from events.bounds.check import bounded
from events.platform.errors import InvalidInput
from services.discharge.application import Step

COLUMNS = (
    "episode_id",
    "at",
    "event",
    "provider_code",
    "provider_name",
    "la_code",
    "la_name",
    "care_type",
    "reason_code",
    "agency",
    "pathway",
    "destination",
)
REQUIRED = ("episode_id", "at", "event")
# The key hashes the cells in this order, with these defaults, as every release has: stores
# hold events whose command ids are these keys, so a change here would re-import old files.
_KEYED = (*COLUMNS, "vocabulary", "nhs_number", "site", "ward", "setting")
_KEY_DEFAULTS = {"vocabulary": "dtoc"}


def _event(value: object) -> object:
    return str(value).strip().lower().replace("-", "_").replace(" ", "_")


def _optional(kind: Any) -> Callable[[str], str]:
    """An empty cell means "not given"; any other value must be a `kind`."""

    def check(value: str) -> str:
        return value and str(bounded(kind, value))

    return check


Event = Annotated[
    Literal["admitted", "ready", "not_ready", "reason", "discharged", "died", "transferred"],
    BeforeValidator(_event),
]
Text = Annotated[str, AfterValidator(_optional(ShortText))]


class TrackerRow(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    episode_id: Reference
    at: BusinessTime  # read by the one rule for times (events.bounds.parse_uk_time)
    event: Event
    provider_code: Annotated[str, AfterValidator(_optional(OdsCode))] = ""
    provider_name: Annotated[str, AfterValidator(_optional(Name))] = ""
    la_code: Annotated[str, AfterValidator(_optional(LaOfResidence))] = ""
    la_name: Annotated[str, AfterValidator(_optional(Name))] = ""
    care_type: Text = ""
    reason_code: Text = ""
    agency: Text = ""
    pathway: Text = ""
    destination: Text = ""
    vocabulary: Text = "dtoc"
    nhs_number: Annotated[str, AfterValidator(_optional(NhsNumber))] = ""
    site: Text = ""
    ward: Text = ""
    setting: Text = ""  # where the pathway leads (P2 to a care_home is brokered like P3)

    _key: str = PrivateAttr("")

    @model_validator(mode="wrap")
    @classmethod
    def _keep_key(cls, data: Any, handler: Callable[[Any], TrackerRow]) -> TrackerRow:
        row = handler(data)
        if isinstance(data, Mapping):
            row._key = content_key(data, row)
        return row

    def key(self) -> str:
        """The row's content, so the same row imported twice is one command."""
        if not self._key:  # built from values rather than read from cells
            self._key = content_key(self.model_dump(), self)
        return self._key

    def admission(self) -> dict[str, Any]:
        """The `admit` command's details; refused when the row lacks what an admission needs."""
        for name in ("provider_code", "care_type"):
            if not getattr(self, name):
                raise InvalidInput(name, "an admitted row needs it")
        if not (self.la_code or self.la_name):
            raise InvalidInput("la_code", "an admitted row needs the local authority of residence")
        return dict(
            reference=self.episode_id,
            provider_code=self.provider_code,
            provider_name=self.provider_name,
            site=self.site,
            ward=self.ward,
            care_type=self.care_type,
            # "Resident in Scotland" and the like may come without a code: the name stands for it
            la_code=self.la_code or self.la_name,
            la_name=self.la_name or self.la_code,
            nhs_number=self.nhs_number or None,
            occurred_at=self.at,
            command_id=self.key(),
        )

    def steps(self) -> list[Step]:
        key, at = self.key(), self.at
        if self.event == "ready":
            steps = [
                Step(
                    "mark_ready",
                    pathway=self.pathway or None,
                    setting=self.setting or None,
                    occurred_at=at,
                    command_id=key,
                )
            ]
            if self.reason_code:
                steps.append(self._reason(key + ":reason"))
            return steps
        if self.event == "not_ready":
            return [Step("withdraw_readiness", occurred_at=at, command_id=key)]
        if self.event == "reason":
            if not self.reason_code:
                raise InvalidInput("reason_code", "a reason row needs a reason code")
            return [self._reason(key)]
        kind = "died" if self.event == "died" else self.event
        return [
            Step("end", kind=kind, destination=self.destination, occurred_at=at, command_id=key)
        ]

    def _reason(self, key: str) -> Step:
        return Step(
            "set_delay_reason",
            vocabulary=self.vocabulary or "dtoc",
            code=self.reason_code,
            agency=self.agency or None,
            owner_org=self.la_code
            if self.agency.lower().startswith("social")
            else self.provider_code,
            blocker_id=key.removeprefix("import:"),
            occurred_at=self.at,
            command_id=key,
        )


def content_key(cells: Mapping[str, Any], row: TrackerRow) -> str:
    """The key of a row's content as written (codes in the case typed, the NHS number as
    spaced), not as the bounds normalise it: earlier releases keyed it so."""
    values = []
    for name in _KEYED:
        if name == "at":
            values.append(str(to_jsonable_python(row.at)))
        elif name == "event":
            values.append(row.event)
        else:
            value = cells.get(name)
            values.append(_KEY_DEFAULTS.get(name, "") if value is None else str(value).strip())
    if not values[-1]:
        values.pop()  # `setting` came later: rows without it keep their old key
    content = "\x1f".join(values)
    return "import:" + hashlib.sha256(content.encode()).hexdigest()[:32]


OVERFLOW = "\x00overflow"  # the key no header can have: how many cells a row has too many


def rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """The file's rows with the line each starts on (as an editor numbers them)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = set(REQUIRED) - {(f or "").strip() for f in reader.fieldnames or ()}
        if missing:
            raise InvalidInput("header", f"missing columns: {', '.join(sorted(missing))}")
        for record in reader:
            cells = {k.strip(): (v or "") for k, v in record.items() if k}
            beyond = [v for v in record.get(None) or () if v.strip()]  # type: ignore[call-overload]
            if beyond:  # cells past the header's last column: refused, not dropped
                cells[OVERFLOW] = str(len(beyond))
            # line_num is where the record ends; a quoted cell may have spanned lines
            yield reader.line_num - sum(v.count("\n") for v in cells.values()), cells


def cell_problems(exc: ValidationError) -> list[tuple[str, str]]:
    """(column, reason) for each cell pydantic refused."""
    return [
        (str(e["loc"][0]) if e["loc"] else "row", e["msg"].removeprefix("Value error, "))
        for e in exc.errors()
    ]
