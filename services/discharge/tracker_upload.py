"""A tracker file sent from a page: checked line by line as the CLI checks it (importer.py),
nothing written, then (when asked, and only if every row passes) written all at once.

A trust's team imports its own trust's rows only: a row naming another trust is refused, and a
row whose episode is another trust's reads as one never admitted (404 semantics: the report
does not say that another trust holds the reference). The importer is run on a stand-in for
the application that lends it the store to read but keeps what it would save, so the check and
the write are one and the same run."""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import Path
from typing import Any, cast

from eventsourcing.application import AggregateNotFoundError

from events.platform.application import retry_on_conflict
from events.platform.errors import InvalidInput
from services.discharge.application import Episodes
from services.discharge.domain.episode import Episode
from services.discharge.importer import ImportReport, import_rows, rows
from services.discharge.importer_report import Problem, RefusedRow

Records = list[tuple[int, dict[str, str]]]


class _Text:
    """The uploaded text where the importer's reader expects a file (`rows(path)` opens it)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def open(self, **_: Any) -> io.StringIO:
        return io.StringIO(self.text.removeprefix("\ufeff"), newline="")


class _TrustsEpisodes:
    """The store as one trust may see it: another trust's episode is not found."""

    def __init__(self, repository: Any, trust: str | None) -> None:
        self.repository, self.trust = repository, trust

    def get(self, episode_id: uuid.UUID, *args: Any, **kwargs: Any) -> Any:
        episode = self.repository.get(episode_id, *args, **kwargs)
        if self.trust is not None and episode.provider_code != self.trust:
            raise AggregateNotFoundError(episode_id)
        return episode


class Rehearsal:
    """The application for one run of the importer: reads go to the store, saves are kept."""

    def __init__(self, app: Episodes, trust: str | None) -> None:
        self._app = app
        self.repository = _TrustsEpisodes(app.repository, trust)
        self.kept: list[Episode] = []

    def save(self, *episodes: Episode) -> list[Any]:
        self.kept.extend(episodes)
        return []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._app, name)


def records_of(text: str) -> Records:
    """Every row of the file with its line (InvalidInput naming the header if it lacks a
    required column)."""
    try:
        return list(rows(cast(Path, _Text(text))))
    except InvalidInput as exc:
        raise InvalidInput("csv", f"{exc.field}: {exc.message}") from None
    except csv.Error as exc:  # a NUL byte, a cell past the reader's limit: not a tracker
        raise InvalidInput("csv", f"cannot be read as CSV ({exc})") from None


@retry_on_conflict()
def run(app: Episodes, text: str, trust: str | None, *, write: bool) -> ImportReport:
    """Check the file (for `trust`'s team; None: an admin, any trust) and, with `write`, save
    what it changes if no row is refused. A writer that saved one of its episodes meanwhile
    makes the save conflict: the whole file is then checked again on the fresh episodes."""
    records = records_of(text)
    foreign = [] if trust is None else [(n, r) for n, r in records if _named(r) not in ("", trust)]
    refused_lines = {n for n, _ in foreign}
    kept = [(n, r) for n, r in records if n not in refused_lines]
    rehearsal = Rehearsal(app, trust)
    report = import_rows(cast(Episodes, rehearsal), kept, trust=trust)
    for line, record in foreign:
        problem = Problem("provider_code", f"is not {trust}, the trust you import for")
        report.refused.append(RefusedRow(line, _reference(record), (problem,)))
    strangers = {e.reference for e in rehearsal.kept if trust not in (None, e.provider_code)}
    for line, record in kept:  # a last guard: nothing of another trust is ever written
        if _reference(record) in strangers:
            problem = Problem("episode_id", "was never admitted by your trust")
            report.refused.append(RefusedRow(line, _reference(record), (problem,)))
    report.refused.sort(key=lambda r: r.line)
    if report.refused:
        report.held_back += report.imported  # good rows not written because of the others
        report.imported, report.written = 0, False
        return report
    report.written = False
    if write and rehearsal.kept:
        app.save(*rehearsal.kept)
        report.written = True
    return report


def _named(record: dict[str, str]) -> str:
    return (record.get("provider_code") or "").strip().upper()


def _reference(record: dict[str, str]) -> str:
    return (record.get("episode_id") or "").strip()
