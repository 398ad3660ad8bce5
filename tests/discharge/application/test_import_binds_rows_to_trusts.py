"""The importer binds each row to its trust: one file may hold the same reference for two
trusts (two episodes), and a row is never written onto another trust's episode."""

from __future__ import annotations

from pathlib import Path

from services.discharge.bootstrap import Discharge
from services.discharge.domain.identity import episode_id_for
from services.discharge.importer import import_rows, rows
from tests.discharge.application.tracker_files import event_count, stored, tracker

REM = "V1,2019-12-01 08:00,admitted,REM,Liverpool,E08000012,Liverpool,acute,,,,"
RVY = "V1,2019-12-01 09:00,admitted,RVY,Southport,E08000014,Sefton,acute,,,,"


def test_one_file_with_a_reference_of_two_trusts_makes_two_episodes(
    discharge: Discharge, tmp_path: Path
) -> None:
    lines = [
        REM,
        RVY,
        "V1,2019-12-02 10:00,ready,REM,,,,,A,NHS,P1,",
        "V1,2019-12-03 10:00,ready,RVY,,,,,E,NHS,P3,",
        "V1,2019-12-05 10:00,discharged,RVY,,,,,,,,care home",
    ]
    report = import_rows(discharge.app, rows(tracker(tmp_path / "t.csv", lines)))
    assert report.refused == [] and report.imported == 5
    rem = discharge.app.episode(episode_id_for("REM", "V1"))
    rvy = discharge.app.episode(episode_id_for("RVY", "V1"))
    assert (rem.pathway, rem.ended) == ("P1", None)
    assert rvy.pathway == "P3" and rvy.ended is not None
    assert len(stored(discharge.app)) == 2
    again = import_rows(discharge.app, rows(tracker(tmp_path / "t.csv", lines)))
    assert (again.imported, again.unchanged) == (0, 5)


def test_a_row_naming_another_trust_than_its_episodes_is_refused_with_its_line(
    discharge: Discharge, tmp_path: Path
) -> None:
    lines = [
        REM,
        "V1,2019-12-02 10:00,ready,RVY,,,,,A,NHS,P1,",  # RVY never admitted V1
        "V2,2019-12-01 08:00,admitted,REM,Liverpool,E08000012,Liverpool,acute,,,,",
    ]
    report = import_rows(discharge.app, rows(tracker(tmp_path / "t.csv", lines)))
    assert [(r.line, p.column) for r in report.refused for p in r.problems] == [
        (3, "provider_code")
    ]
    assert "is not the trust of episode 'V1', admitted in this file by REM (line 2)" in (
        report.refused[0].problems[0].reason
    )
    assert not report.written and event_count(discharge.app) == 0
    skipped = import_rows(discharge.app, rows(tracker(tmp_path / "t.csv", lines)), skip_bad=True)
    assert skipped.written and skipped.imported == 2 and len(skipped.refused) == 1
    assert discharge.app.episode(episode_id_for("REM", "V1")).ready_since is None


def test_a_row_naming_no_trust_where_the_file_admits_its_reference_for_two_is_refused(
    discharge: Discharge, tmp_path: Path
) -> None:
    lines = [REM, RVY, "V1,2019-12-02 10:00,ready,,,,,,A,NHS,P1,"]
    report = import_rows(discharge.app, rows(tracker(tmp_path / "t.csv", lines)))
    assert [(r.line, r.problems[0].column) for r in report.refused] == [(4, "provider_code")]
    assert "several trusts in this file (REM, RVY)" in report.refused[0].problems[0].reason
    assert event_count(discharge.app) == 0


def test_a_trusts_file_never_writes_onto_another_trusts_episode_of_the_same_reference(
    discharge: Discharge, tmp_path: Path
) -> None:
    import_rows(discharge.app, rows(tracker(tmp_path / "rem.csv", [REM])))
    before = stored(discharge.app)
    rvy_file = [  # RVY's own tracker, naming RVY, following up a V1 it never admitted
        "V7,2019-12-01 08:00,admitted,RVY,Southport,E08000014,Sefton,acute,,,,",
        "V1,2019-12-02 10:00,ready,,,,,,A,NHS,P1,",
    ]
    report = import_rows(discharge.app, rows(tracker(tmp_path / "rvy.csv", rvy_file)))
    assert [(r.line, r.problems[0].column) for r in report.refused] == [(3, "episode_id")]
    assert "never admitted" in report.refused[0].problems[0].reason
    by_option = import_rows(
        discharge.app,
        rows(tracker(tmp_path / "rvy2.csv", ["V1,2019-12-02 10:00,ready,,,,,,A,NHS,P1,"])),
        trust="RVY",
    )
    assert "never admitted" in by_option.refused[0].problems[0].reason
    assert stored(discharge.app) == before


def test_a_file_imported_for_one_trust_refuses_a_row_naming_another(
    discharge: Discharge, tmp_path: Path
) -> None:
    report = import_rows(discharge.app, rows(tracker(tmp_path / "t.csv", [REM, RVY])), trust="REM")
    assert [(r.line, r.problems[0].column) for r in report.refused] == [(3, "provider_code")]
    assert "is not REM, the trust this file is imported for" in report.refused[0].problems[0].reason
