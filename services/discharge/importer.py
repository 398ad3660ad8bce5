"""Bulk import of a trust's existing tracker: one CSV row per event, through the same domain
commands as the API, all or nothing.

The whole file is tried first against the episodes as it would leave them: each episode is
loaded once from the store, every row's commands are applied to it in memory, and every
refusal is kept with its line, column and reason: a cell outside its bounds (events.bounds),
and what the domain refuses (a reason for an episode never admitted, a reason/agency pair the
national table does not allow, a discharge before the admission). Only then are the changed
episodes saved, in one recording: if any row was refused nothing is written, unless
`skip_bad`, when the refused rows are left out and the others written. A row already
imported (same content, TrackerRow.key()) changes nothing, so re-importing a file is safe.

Columns: episode_id, at, event, provider_code, provider_name, la_code, la_name, care_type,
reason_code, agency, pathway, destination (and optionally vocabulary, nhs_number, site, ward,
setting). `event` is one of admitted, ready, not_ready, reason, discharged, died (or
transferred).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from eventsourcing.application import AggregateNotFoundError
from pydantic import ValidationError

from events.platform.application import retry_on_conflict
from events.platform.errors import DomainError, InvalidInput, NotFound
from events.platform.timeutil import utcnow
from services.discharge.application import Episodes
from services.discharge.domain.episode import Episode
from services.discharge.domain.errors import EpisodeEnded
from services.discharge.importer_report import ImportReport, Problem, RefusedRow
from services.discharge.importer_rows import (
    COLUMNS,
    OVERFLOW,
    TrackerRow,
    cell_problems,
    rows,
)
from services.discharge.importer_trusts import FileTrusts, StoreHolders

__all__ = ["COLUMNS", "ImportReport", "TrackerRow", "admissions_first", "import_rows", "rows"]

Records = list[tuple[int, dict[str, str]]]

# The domain names some fields as its commands do; the report names the CSV column.
_COLUMN_OF = {
    "reference": "episode_id",
    "admitted_at": "at",
    "occurred_at": "at",
    "code": "reason_code",
}


def admissions_first(records: Iterable[tuple[int, dict[str, str]]]) -> Records:
    """Admissions before everything else, otherwise in file order: a tracker exported in
    another order (by event type, say) still finds each episode admitted."""
    rows = list(records)
    admitted = [r for r in rows if _event_of(r[1]) == "admitted"]
    return admitted + [r for r in rows if _event_of(r[1]) != "admitted"]


def _event_of(record: dict[str, str]) -> str:
    return record.get("event", "").strip().lower()


def import_rows(
    app: Episodes,
    records: Iterable[tuple[int, dict[str, str]]],
    *,
    skip_bad: bool = False,
    trust: str | None = None,
) -> ImportReport:
    """Try every row, then write all the changes at once: nothing if a row was refused
    (unless `skip_bad`, when only the refused rows are left out). Each row goes to its
    trust's episode (importer_trusts.py); `trust`, if given, is the one trust of the file."""
    return _attempt(app, admissions_first(records), skip_bad, trust)


@retry_on_conflict()
def _attempt(app: Episodes, records: Records, skip_bad: bool, trust: str | None) -> ImportReport:
    # A writer that saved one of these episodes meanwhile makes the save conflict: the
    # whole file is then tried again on the fresh episodes.
    report = ImportReport(skip_bad=skip_bad)
    draft = Draft(app, FileTrusts(records, trust, StoreHolders(app)))
    changed = 0
    for line, record in records:
        if OVERFLOW in record:
            reason = f"has {record[OVERFLOW]} cell(s) more than the header (an unquoted comma?)"
            _refuse(report, draft, line, record, [Problem("row", reason)])
            continue
        try:
            row = TrackerRow.model_validate(record)
        except ValidationError as exc:
            problems = [Problem(column, reason) for column, reason in cell_problems(exc)]
            _refuse(report, draft, line, record, problems)
            continue
        try:
            new = draft.apply(row)
        except DomainError as exc:
            _refuse(report, draft, line, record, [_problem(exc)])
            continue
        changed += new
        report.unchanged += not new
    report.refused.sort(key=lambda r: r.line)  # admissions were tried first
    if report.failed:
        report.held_back = changed
        return report
    report.written = draft.save()
    report.imported = changed
    return report


def _refuse(
    report: ImportReport,
    draft: Draft,
    line: int,
    record: dict[str, str],
    problems: list[Problem],
) -> None:
    reference = (record.get("episode_id") or "").strip()
    report.refused.append(RefusedRow(line, reference, tuple(problems)))
    if _event_of(record) == "admitted" and reference:
        draft.admission_refused(reference, line)


def _problem(exc: DomainError) -> Problem:
    if isinstance(exc, InvalidInput):
        return Problem(_COLUMN_OF.get(exc.field, exc.field), exc.message)
    if isinstance(exc, EpisodeEnded):
        return Problem("at", f"is after the episode ended: {exc}")
    if isinstance(exc, NotFound):
        return Problem("episode_id", str(exc))
    return Problem("event", str(exc))  # a Conflict: this event clashes with the history


class Draft:
    """The episodes as the file would leave them: each loaded from the store once, changed
    in memory, and saved together at the end."""

    def __init__(self, app: Episodes, trusts: FileTrusts) -> None:
        self.app = app
        self.trusts = trusts
        self.now = utcnow()
        self.ids: dict[tuple[str, str], uuid.UUID] = {}  # (trust, reference) -> episode id
        self.episodes: dict[uuid.UUID, Episode | None] = {}
        self.changed: dict[uuid.UUID, Episode] = {}
        self.accepted: dict[uuid.UUID, list[TrackerRow]] = {}
        self.refused_admissions: dict[str, int] = {}

    def apply(self, row: TrackerRow) -> bool:
        """Apply the row's commands to its trust's episode; whether they recorded anything
        new. A refused row leaves the episode as it was."""
        trust = self.trusts.of(row.episode_id, row.provider_code)
        if trust is None:
            raise InvalidInput("episode_id", self._never_admitted(row))
        episode_id = self._id(trust, row.episode_id)
        episode = self._get(episode_id)
        if episode is None and row.event != "admitted":
            mismatch = self.trusts.mismatch(row.episode_id, trust)
            if mismatch:
                raise InvalidInput("provider_code", mismatch)
        before = episode.version if episode is not None else 0
        try:
            after = self._run(episode, row)
        except DomainError:
            # A refused command records nothing (the episode checks before it records),
            # but a row of two commands may have recorded its first.
            if episode is not None and episode.version != before:
                self._rebuild(episode_id)
            raise
        self.accepted.setdefault(episode_id, []).append(row)
        if after.version == before:
            return False
        self.episodes[episode_id] = self.changed[episode_id] = after
        return True

    def _run(self, episode: Episode | None, row: TrackerRow) -> Episode:
        if row.event == "admitted":
            details = row.admission()
            if episode is None:
                return Episode.admit(now=self.now, **details)
            if row.key() in episode.commands:
                return episode
            raise InvalidInput("episode_id", f"{row.episode_id!r} is already admitted")
        if episode is None:
            raise InvalidInput("episode_id", self._never_admitted(row))
        for step in row.steps():
            getattr(episode, step.method)(now=self.now, **step.kwargs)
        return episode

    def _rebuild(self, episode_id: uuid.UUID) -> None:
        """The episode as stored with this file's accepted rows applied again (rare: only
        when a row's second command is refused), rather than a copy before every row."""
        episode = self._load(episode_id)
        for row in self.accepted.get(episode_id, []):
            episode = self._run(episode, row)
        self.episodes[episode_id] = episode
        if episode_id in self.changed:
            assert episode is not None  # it changed, so it was admitted
            self.changed[episode_id] = episode

    def admission_refused(self, reference: str, line: int) -> None:
        self.refused_admissions.setdefault(reference, line)

    def _id(self, trust: str, reference: str) -> uuid.UUID:
        """The episode's id, looked up in the store once per (trust, reference)."""
        key = (trust, reference)
        if key not in self.ids:
            episode_id, episode = self.app.locate(trust, reference)
            self.ids[key] = episode_id
            self.episodes.setdefault(episode_id, episode)
        return self.ids[key]

    def save(self) -> bool:
        """Save every changed episode in one recording; whether there was anything to save."""
        if not self.changed:
            return False
        self.app.save(*self.changed.values())
        return True

    def _get(self, episode_id: uuid.UUID) -> Episode | None:
        if episode_id not in self.episodes:
            self.episodes[episode_id] = self._load(episode_id)
        return self.episodes[episode_id]

    def _load(self, episode_id: uuid.UUID) -> Episode | None:
        try:
            episode: Episode = self.app.repository.get(episode_id)
        except AggregateNotFoundError:
            return None
        return episode

    def _never_admitted(self, row: TrackerRow) -> str:
        line = self.refused_admissions.get(row.episode_id)
        if line is not None:
            return (
                f"{row.episode_id!r} was never admitted: its admitted row (line {line}) was refused"
            )
        return f"{row.episode_id!r} was never admitted (no admitted row in the file or the store)"
