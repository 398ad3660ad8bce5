"""Bulk import of a trust's existing tracker: one CSV row per event, through the same
commands as the API. A bad row is reported with its line number and leaves no trace; a row
already imported (same content) changes nothing, so re-importing a file is safe.

Columns: episode_id, at, event, provider_code, provider_name, la_code, la_name, care_type,
reason_code, agency, pathway, destination (and optionally vocabulary, nhs_number, site, ward,
setting).
`event` is one of admitted, ready, not_ready, reason, discharged, died (or transferred).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from events.platform.errors import DomainError, InvalidInput, NotFound
from services.discharge.application import Episodes, Step
from services.discharge.domain.calendar import as_uk
from services.discharge.domain.episode import episode_id_for

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
UK_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y")


def parse_time(text: str) -> datetime:
    """ISO 8601 (date or date-time, with or without offset) or UK dd/mm/yyyy [HH:MM];
    a time without an offset is UK local time."""
    text = text.strip()
    try:
        return as_uk(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    for fmt in UK_FORMATS:
        try:
            return as_uk(datetime.strptime(text, fmt))
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date or date-time (use 2019-12-01 or 2019-12-01T14:30)")


class TrackerRow(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    episode_id: str
    at: datetime
    event: Literal["admitted", "ready", "not_ready", "reason", "discharged", "died", "transferred"]
    provider_code: str = ""
    provider_name: str = ""
    la_code: str = ""
    la_name: str = ""
    care_type: str = ""
    reason_code: str = ""
    agency: str = ""
    pathway: str = ""
    destination: str = ""
    vocabulary: str = "dtoc"
    nhs_number: str = ""
    site: str = ""
    ward: str = ""
    setting: str = ""  # where the pathway leads (P2 to a care_home is brokered like P3)

    @field_validator("at", mode="before")
    @classmethod
    def _time(cls, value: object) -> datetime:
        if isinstance(value, datetime):
            return value
        return parse_time(str(value))

    @field_validator("event", mode="before")
    @classmethod
    def _event(cls, value: object) -> object:
        return str(value).strip().lower().replace("-", "_").replace(" ", "_")

    @field_validator("episode_id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not value:
            raise ValueError("must not be blank")
        return value

    def key(self) -> str:
        """The row's content, so the same row imported twice is one command."""
        fields = self.model_dump(mode="json")
        if not fields["setting"]:
            del fields["setting"]  # a column added later: rows without it keep their old key
        content = "\x1f".join(str(v) for v in fields.values())
        return "import:" + hashlib.sha256(content.encode()).hexdigest()[:32]

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


@dataclass
class ImportReport:
    imported: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"episode_id", "at", "event"} - set(reader.fieldnames or ())
        if missing:
            raise InvalidInput("header", f"missing columns: {', '.join(sorted(missing))}")
        for record in reader:
            yield reader.line_num, {k.strip(): (v or "") for k, v in record.items() if k}


def _describe(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'row'}: {e['msg'].removeprefix('Value error, ')}"
        for e in exc.errors()
    )


def admissions_first(
    records: Iterable[tuple[int, dict[str, str]]],
) -> list[tuple[int, dict[str, str]]]:
    """Admissions before everything else, otherwise in file order: a tracker exported in
    another order (by event type, say) still finds each episode admitted."""
    rows = list(records)
    admitted = [r for r in rows if r[1].get("event", "").strip().lower() == "admitted"]
    return admitted + [r for r in rows if r[1].get("event", "").strip().lower() != "admitted"]


def import_rows(app: Episodes, records: Iterable[tuple[int, dict[str, str]]]) -> ImportReport:
    report = ImportReport()
    for line, record in admissions_first(records):
        try:
            row = TrackerRow.model_validate(record)
            if row.event == "admitted":
                changed = _admit(app, row)
            else:
                _, changed = app.record(episode_id_for(row.episode_id), row.steps())
        except ValidationError as exc:
            report.errors.append((line, _describe(exc)))
            continue
        except NotFound:
            report.errors.append((line, f"episode {record.get('episode_id')!r} was never admitted"))
            continue
        except DomainError as exc:
            report.errors.append((line, str(exc)))
            continue
        if changed:
            report.imported += 1
        else:
            report.unchanged += 1
    return report


def _admit(app: Episodes, row: TrackerRow) -> bool:
    for name in ("provider_code", "care_type"):
        if not getattr(row, name):
            raise InvalidInput(name, "an admitted row needs it")
    if not (row.la_code or row.la_name):
        raise InvalidInput("la_code", "an admitted row needs the local authority of residence")
    _, created = app.admit(
        reference=row.episode_id,
        provider_code=row.provider_code,
        provider_name=row.provider_name,
        site=row.site,
        ward=row.ward,
        care_type=row.care_type,
        # "Resident in Scotland" and the like may come without a code: the name stands for it
        la_code=row.la_code or row.la_name,
        la_name=row.la_name or row.la_code,
        nhs_number=row.nhs_number or None,
        occurred_at=row.at,
        command_id=row.key(),
    )
    return created
