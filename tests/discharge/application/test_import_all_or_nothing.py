"""A tracker import never half-writes: the whole file is checked first, against the cells'
bounds and what the episodes would refuse, and every refused row is named by line and
column; nothing is written unless every row is good, or `skip_bad` is asked for."""

from __future__ import annotations

from pathlib import Path

from services.discharge.bootstrap import Discharge
from services.discharge.domain.identity import episode_id_for
from services.discharge.importer import import_rows, rows
from services.discharge.importer_report import ImportReport
from tests.discharge.application.tracker_files import (
    EXTRA_HEADER,
    event_count,
    stored,
    tracker,
)

ADMIT = "{ep},2019-12-01 08:00,admitted,RX1,Trust,E06000015,Derby,acute,,,,"
READY = "{ep},2019-12-02 09:00,ready,,,,,,A,NHS,P1,"
HOME = "{ep},2019-12-05 11:00,discharged,,,,,,,,,home"


def journey(ep: str) -> list[str]:
    return [line.format(ep=ep) for line in (ADMIT, READY, HOME)]


def refused(report: ImportReport) -> list[tuple[int, str]]:
    """(line, column) of every problem of every refused row."""
    return [(r.line, p.column) for r in report.refused for p in r.problems]


def test_a_superscript_digit_in_an_nhs_number_mid_file_writes_nothing_and_names_the_cell(
    discharge: Discharge, tmp_path: Path
) -> None:
    lines = [
        *(f"{line}," for line in journey("e1")),
        "e2,2019-12-01 08:00,admitted,RX1,Trust,E06000015,Derby,acute,,,,,943476591²",
        *(f"{line}," for line in journey("e3")),
    ]
    report = import_rows(discharge.app, rows(tracker(tmp_path / "t.csv", lines, EXTRA_HEADER)))
    assert refused(report) == [(5, "nhs_number")]
    assert "ten digits" in report.refused[0].problems[0].reason
    assert not report.written and report.imported == 0 and report.held_back == 6
    assert event_count(discharge.app) == 0  # not even the rows before it


def test_every_bad_row_is_listed_with_its_column_not_just_the_first(
    discharge: Discharge, tmp_path: Path
) -> None:
    lines = [
        *journey("e1"),
        "e1,2019-12-02 10:00,reason,,,,,,C,Social Care,,",  # C is the NHS's alone
        "e9,2019-12-02 10:00,reason,,,,,,A,NHS,,",  # never admitted, in the file or the store
        "e2,2019-12-03 08:00,admitted,RX1,Trust,E06000015,Derby,acute,,,,",
        "e2,2019-12-02 08:00,discharged,,,,,,,,,home",  # before its admission
        "e1,2019-12-04 10:00,moved,,,,,,,,,",  # no such event
        "e3,2019-12-01 08:00,admitted,not an ods code,Trust,E0600,Derby,acute,,,,",
        "e4,2019-12-01 08:00,admitted,RX1,Trust,E06000015,Derby,,,,,",  # no care type
    ]
    report = import_rows(discharge.app, rows(tracker(tmp_path / "t.csv", lines)))
    assert refused(report) == [
        (5, "agency"),
        (6, "episode_id"),
        (8, "at"),
        (9, "event"),
        (10, "provider_code"),
        (10, "la_code"),
        (11, "care_type"),
    ]
    reasons = {(r.line, p.column): p.reason for r in report.refused for p in r.problems}
    assert "cannot be the responsibility of Social Care" in reasons[5, "agency"]
    assert "never admitted" in reasons[6, "episode_id"]
    assert "before the admission" in reasons[8, "at"]
    assert not report.written and event_count(discharge.app) == 0


def test_with_skip_bad_the_good_rows_go_in_and_the_skipped_are_listed(
    discharge: Discharge, tmp_path: Path
) -> None:
    lines = [
        *journey("e1"),
        "e1,2019-12-02 10:00,reason,,,,,,C,Social Care,,",
        *journey("e2"),
    ]
    report = import_rows(discharge.app, rows(tracker(tmp_path / "t.csv", lines)), skip_bad=True)
    assert refused(report) == [(5, "agency")]
    assert report.written and (report.imported, report.unchanged) == (6, 0)
    assert not report.failed
    assert "skipped" in report.summary()
    assert set(stored(discharge.app)) == {episode_id_for("RX1", "e1"), episode_id_for("RX1", "e2")}
    assert dict(discharge.dtoc("2019-12", "la").england.by_reason) == {"A": 6}


def test_rows_of_an_episode_whose_admission_was_skipped_are_tried_and_say_why_they_fail(
    discharge: Discharge, tmp_path: Path
) -> None:
    lines = [
        "e1,2019-12-01 08:00,admitted,RX1,Trust,E06000015,Derby,,,,,",  # no care type
        READY.format(ep="e1"),
    ]
    report = import_rows(discharge.app, rows(tracker(tmp_path / "t.csv", lines)), skip_bad=True)
    assert refused(report) == [(2, "care_type"), (3, "episode_id")]
    assert "its admitted row (line 2) was refused" in report.refused[1].problems[0].reason


def test_a_row_of_two_commands_refused_on_its_second_records_neither(
    discharge: Discharge, tmp_path: Path
) -> None:
    lines = [
        ADMIT.format(ep="e1"),
        "e1,2019-12-02 09:00,ready,,,,,,C,Social Care,P1,",  # the reason is refused
        "e1,2019-12-04 09:00,ready,,,,,,A,NHS,P1,",  # tried on its own, and good
    ]
    report = import_rows(discharge.app, rows(tracker(tmp_path / "t.csv", lines)), skip_bad=True)
    assert refused(report) == [(3, "agency")]
    episode = discharge.app.episode(episode_id_for("RX1", "e1"))
    assert episode.ready_since is not None and episode.ready_since.day == 4
    assert [type(e).__qualname__ for e in discharge.app.history(episode.id)] == [
        "Episode.Admitted", "Episode.BecameReady", "Episode.DelayReasonSet",
    ]  # fmt: skip


def test_reimporting_the_same_file_is_a_no_op(discharge: Discharge, tmp_path: Path) -> None:
    path = tracker(tmp_path / "t.csv", [*journey("e1"), *journey("e2")])
    first = import_rows(discharge.app, rows(path))
    before = stored(discharge.app)
    again = import_rows(discharge.app, rows(path))
    assert (first.imported, again.imported, again.unchanged) == (6, 0, 6)
    assert not again.written and "nothing new to write" in again.summary()
    assert stored(discharge.app) == before


def test_a_row_may_follow_up_an_episode_the_store_already_holds(
    discharge: Discharge, tmp_path: Path
) -> None:
    import_rows(discharge.app, rows(tracker(tmp_path / "a.csv", [ADMIT.format(ep="e1")])))
    later = tracker(tmp_path / "b.csv", [READY.format(ep="e1"), HOME.format(ep="e1")])
    report = import_rows(discharge.app, rows(later))
    assert report.refused == [] and report.imported == 2
    assert discharge.app.episode(episode_id_for("RX1", "e1")).ended is not None


def test_an_admission_in_year_1_and_an_event_in_2199_are_refused_with_their_lines(
    discharge: Discharge, tmp_path: Path
) -> None:
    lines = [
        "e1,0001-01-01 08:00,admitted,RX1,Trust,E06000015,Derby,acute,,,,",
        *journey("e2"),
        "e2,2199-01-01 10:00,discharged,,,,,,,,,home",
        "e3,0001-01-01T00:00:00+14:00,admitted,RX1,Trust,E06000015,Derby,acute,,,,",
    ]
    report = import_rows(discharge.app, rows(tracker(tmp_path / "t.csv", lines)))
    assert refused(report) == [(2, "at"), (6, "at"), (7, "at")]
    year_1, year_2199, year_1_far_east = (r.problems[0].reason for r in report.refused)
    assert "must not be before 1990-01-01" in year_1 and year_1 == year_1_far_east
    assert "must not be in the future" in year_2199
    assert event_count(discharge.app) == 0


def test_uk_times_the_clocks_make_ambiguous_or_impossible_are_refused_with_the_reason(
    discharge: Discharge, tmp_path: Path
) -> None:
    lines = [
        "e1,2019-10-26 08:00,admitted,RX1,Trust,E06000015,Derby,acute,,,,",
        "e1,2019-10-27 01:30,ready,,,,,,A,NHS,P1,",  # 01:30 BST and 01:30 GMT both happen
        "e2,2019-03-30 08:00,admitted,RX1,Trust,E06000015,Derby,acute,,,,",
        "e2,2019-03-31 01:30,ready,,,,,,A,NHS,P1,",  # the clocks jump from 01:00 to 02:00
        "e1,2019-10-27T01:30:00+00:00,discharged,,,,,,,,,home",  # with its offset: good
    ]
    report = import_rows(discharge.app, rows(tracker(tmp_path / "t.csv", lines)))
    assert refused(report) == [(3, "at"), (5, "at")]
    twice, never = (r.problems[0].reason for r in report.refused)
    assert "happens twice in UK time" in twice and "+01:00" in twice
    assert "does not exist in UK time" in never
    assert not report.written


def test_a_row_with_more_cells_than_the_header_is_refused_not_cut_short(
    discharge: Discharge, tmp_path: Path
) -> None:
    lines = [
        *journey("e1"),
        "e2,2019-12-01 08:00,admitted,RX1,Trust,E06000015,Derby,acute,,,,,Ward 3, East",
        "e3,2019-12-01 08:00,admitted,RX1,Trust,E06000015,Derby,acute,,,,,,,",  # empty: fine
    ]
    report = import_rows(discharge.app, rows(tracker(tmp_path / "t.csv", lines)))
    assert refused(report) == [(5, "row")]
    assert "2 cell(s) more than the header" in report.refused[0].problems[0].reason
    assert not report.written and event_count(discharge.app) == 0
