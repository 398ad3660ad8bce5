"""The discharge team's worklist and the escalation call's "what changed since": a trust's own
patients (in hospital, ready or not, or who left lately) found by ward, status or hospital
reference; a tracker file checked line by line before anything is written, then written all
at once; and the changes to the delays by when they happened."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Annotated, Any
from weakref import WeakKeyDictionary

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field

from events import bounds as b
from events.platform.access import Access, allowed
from events.platform.audit_http import audit_read
from events.platform.pseudonyms import Pseudonyms
from events.platform.timeutil import utcnow
from services.discharge import access_worklist as r
from services.discharge import tracker_upload
from services.discharge.access import live_filter_for
from services.discharge.bootstrap import Discharge
from services.discharge.domain.calendar import local_date
from services.discharge.importer import ImportReport
from services.discharge.projections.changes import changes_since
from services.discharge.projections.queries import LiveFilter
from services.discharge.projections.worklist import Status, WorklistFilter, worklist
from services.discharge.references import References

router = APIRouter(prefix="/discharge", tags=["discharge"])
_references: WeakKeyDictionary[Discharge, References] = WeakKeyDictionary()
MAX_CHANGE_WINDOW = timedelta(days=31)
MAX_ROWS = 2000  # more beds than the largest trust has


def _service(request: Request) -> Discharge:
    return request.app.state.discharge  # type: ignore[no-any-return]


Service = Annotated[Discharge, Depends(_service)]


def _references_of(svc: Discharge) -> References:
    if svc not in _references:
        _references[svc] = References(svc.app)
    return _references[svc]


@router.get("/episodes")
def list_episodes(
    svc: Service,
    http: Request,
    who: Annotated[Access, allowed(r.EPISODE_LIST)],
    reference: Annotated[
        b.Reference | None, Query(description="part of the hospital reference, any case")
    ] = None,
    ward: Annotated[b.ShortText | None, Query()] = None,
    status: Annotated[
        Status, Query(description="in_hospital, ready, not_ready, or left (in the last 14 days)")
    ] = "in_hospital",
    limit: Annotated[
        int, Query(ge=1, le=MAX_ROWS, description="at most this many rows")
    ] = MAX_ROWS,
) -> list[dict[str, Any]]:
    """The caller's trust's patients (an admin: every trust's), by ward then longest ready
    first, with the reason of record, open blockers and assessments due, and where each
    admission came from (`source`: hl7 or fhir from the EPR feed, typed otherwise)."""
    svc.facts.catch_up()
    now = utcnow()
    f = WorklistFilter(who.rows_of, ward or None, status)
    with svc.engine.connect() as conn:
        rows = worklist(conn, local_date(now), now, svc.rule, f, svc.dtoc_to_sitrep)
    admissions = _references_of(svc)
    references = admissions.of(row["episode_id"] for row in rows)
    sources = admissions.sources(row["episode_id"] for row in rows)
    wanted = (reference or "").strip().casefold()
    found = []
    for row in rows:
        row["reference"] = references[row["episode_id"]]
        row["source"] = sources[row["episode_id"]]  # hl7 or fhir: the EPR feed; else typed
        if wanted in row["reference"].casefold():
            found.append(row)
    found = found[:limit]
    audit_read(http, who.who, "episodes", ids=[row["episode_id"] for row in found], rows=len(found))
    return found


class TrackerFile(BaseModel):
    csv: str = Field(
        min_length=1,
        max_length=1_000_000,
        description="the tracker's CSV text, as `carebridge import episodes` reads a file",
    )


class RefusedLine(BaseModel):
    line: int
    episode_id: str
    column: str
    reason: str


class ImportAnswer(BaseModel):
    written: bool
    rows: int  # rows that are new (written, or to be written)
    unchanged: int
    held_back: int
    refused: list[RefusedLine]
    summary: str


def _answer(report: ImportReport, write: bool) -> ImportAnswer:
    refused = [
        RefusedLine(line=row.line, episode_id=row.episode_id, column=p.column, reason=p.reason)
        for row in report.refused
        for p in row.problems
    ]
    new = report.imported + report.held_back
    counts = f"{_rows(new)} new, {_rows(report.unchanged)} already recorded"
    if not (new or report.unchanged or report.refused):
        summary = "the file holds no rows: nothing to import"
    elif report.refused:
        summary = f"{_rows(len(report.refused))} refused, {counts}: nothing was written"
    elif write:
        summary = f"{counts}: {'written' if report.written else 'nothing new to write'}"
    else:
        summary = f"{counts}: every row can be imported; nothing written yet"
    return ImportAnswer(
        written=report.written,
        rows=report.imported + report.held_back,
        unchanged=report.unchanged,
        held_back=report.held_back,
        refused=refused,
        summary=summary,
    )


def _rows(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"


@router.post("/imports/check", response_model=ImportAnswer)
def check_tracker(
    body: TrackerFile, svc: Service, who: Annotated[Access, allowed(r.TRACKER_IMPORT)]
) -> ImportAnswer:
    """Every row tried as `carebridge import episodes` tries it; nothing is written. Rows of
    another trust than the caller's are refused."""
    report = tracker_upload.run(svc.app, body.csv, who.rows_of, write=False)
    return _answer(report, write=False)


@router.post("/imports", response_model=ImportAnswer)
def import_tracker(
    body: TrackerFile, svc: Service, who: Annotated[Access, allowed(r.TRACKER_IMPORT)]
) -> ImportAnswer:
    """The file checked again and, if no row is refused, written all at once (else nothing)."""
    report = tracker_upload.run(svc.app, body.csv, who.rows_of, write=True)
    return _answer(report, write=True)


@router.get("/live-delays/changes")
def live_changes(
    svc: Service,
    http: Request,
    who: Annotated[Access, allowed(r.LIVE_CHANGES)],
    since: Annotated[b.QueryTime, Query(description="from when (business time)")],
    provider_code: Annotated[b.OdsCode | None, Query()] = None,
    la_code: Annotated[b.LaOfResidence | None, Query()] = None,
) -> list[dict[str, Any]]:
    """What happened to the delays from `since` to now, by when it happened (not when it was
    recorded): new delays, resolved ones (how), reason changes, blockers opened and closed,
    each with the responsible organisation and when it happened and was recorded."""
    now = utcnow()
    if since > now or now - since > MAX_CHANGE_WINDOW:
        msg = "must be within the last 31 days, and not in the future"
        raise RequestValidationError(
            [{"loc": ("query", "since"), "msg": msg, "type": "value_error"}]
        )
    f = live_filter_for(who, LiveFilter(provider_code, la_code))
    rows: list[dict[str, Any]] = []
    if f is not None:
        svc.facts.catch_up()
        with svc.engine.connect() as conn:
            rows = changes_since(conn, since.astimezone(UTC), now, svc.rule, f)
    audit_read(
        http, who.who, "live delay changes", ids={c["episode_id"] for c in rows}, rows=len(rows)
    )
    if not who.pseudonymised:
        return rows
    hidden = Pseudonyms(svc.settings.signing_secret).rows(
        rows, ids=("episode_id",), blank=("ward",)
    )
    for row in hidden:  # a blocker's id may be made from the episode's: it would name it again
        for part in row["detail"].values():
            if isinstance(part, dict):
                part.pop("blocker_id", None)
    return hidden
