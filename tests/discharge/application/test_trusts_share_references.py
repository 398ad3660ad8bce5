"""Property: whatever the interleaving of admissions, steps and tracker imports by several
trusts that number their patients alike, each trust ends with exactly its own episodes,
each holding only what that trust recorded."""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.platform.errors import Conflict
from events.platform.settings import Settings
from services.discharge.application import Episodes, Step
from services.discharge.bootstrap import Discharge
from services.discharge.importer import COLUMNS, import_rows, rows
from services.runtime import Runtime
from tests.discharge.application.tracker_files import stored, tracker

TRUSTS = {"REM": "P1", "RVY": "P2", "RTG": "P0"}  # each trust's steps carry its own pathway
REFERENCES = ("V1", "V2", "V3")
START = datetime(2019, 12, 1, 8, tzinfo=UTC)

trust = st.sampled_from(sorted(TRUSTS))
reference = st.sampled_from(REFERENCES)
operation = st.one_of(
    st.tuples(st.just("admit"), trust, reference),
    st.tuples(st.just("step"), trust, reference),
    st.tuples(
        st.just("import"),
        trust,
        st.lists(reference, min_size=1, max_size=3, unique=True),
        st.booleans(),  # the trust named on every row, or given once for the file (--trust)
    ),
)


class World:
    """The operations applied to a store, and what each trust did, as a model."""

    def __init__(self, app: Episodes, folder: Path) -> None:
        self.app, self.folder = app, folder
        self.clock = 0  # minutes after START: every event later than the one before
        self.events: Counter[tuple[str, str]] = Counter()  # (trust, reference) -> its events

    def at(self) -> datetime:
        self.clock += 1
        return START + timedelta(minutes=self.clock)

    def admit(self, trust: str, reference: str) -> None:
        try:
            self.app.admit(
                **admission(trust, reference, self.at()), command_id=f"{trust}/{reference}"
            )
        except Conflict:  # this trust's own episode, admitted before by other means
            assert (trust, reference) in self.events
        self.events[trust, reference] = self.events[trust, reference] or 1

    def step(self, trust: str, reference: str) -> None:
        if (trust, reference) not in self.events:
            return  # the trust never admitted it: a step would be a 404, as for any reference
        episode_id, _ = self.app.locate(trust, reference)
        self.app.record(
            episode_id, [Step("mark_ready", pathway=TRUSTS[trust], occurred_at=self.at())]
        )
        self.events[trust, reference] += 1

    def import_file(self, trust: str, references: list[str], named: bool) -> None:
        """One trust's tracker: an admitted row for a new reference, a ready row for one it
        already has; the trust named on each row, or given for the whole file."""
        lines = []
        code = trust if named else ""
        for ref in references:
            at = self.at().isoformat()
            if (trust, ref) in self.events:
                lines.append(f"{ref},{at},ready,{code},,,,,,,{TRUSTS[trust]},")
            else:
                lines.append(
                    f"{ref},{at},admitted,{trust},Trust {trust},E08000012,Liverpool,acute,,,,"
                )
        path = tracker(self.folder / f"t{self.clock}.csv", lines)
        report = import_rows(self.app, rows(path), trust=None if named else trust)
        assert report.refused == [] and report.imported == len(references), report.errors
        for ref in references:
            self.events[trust, ref] += 1


def admission(trust: str, reference: str, at: datetime) -> dict[str, object]:
    return dict(
        reference=reference, provider_code=trust, provider_name=f"Trust {trust}", site="",
        ward="", care_type="acute", la_code="E08000012", la_name="Liverpool", nhs_number=None,
        occurred_at=at,
    )  # fmt: skip


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, min_size=1, max_size=14))
def test_each_trust_has_exactly_its_own_episodes(operations: list[tuple]) -> None:  # type: ignore[type-arg]
    assert "episode_id" in COLUMNS
    with tempfile.TemporaryDirectory() as tmp:
        runtime = Runtime(Settings(_env_file=None, data_dir=Path(tmp) / "data"), ("discharge",))  # type: ignore[call-arg]
        try:
            service = runtime.services["discharge"]
            assert isinstance(service, Discharge)
            world = World(service.app, Path(tmp))
            for op in operations:
                if op[0] == "admit":
                    world.admit(op[1], op[2])
                elif op[0] == "step":
                    world.step(op[1], op[2])
                else:
                    world.import_file(op[1], op[2], op[3])
            found: Counter[tuple[str, str]] = Counter()
            for episode_id, events in stored(service.app).items():
                episode = service.app.episode(episode_id)
                found[episode.provider_code, episode.reference] = len(events)
                assert episode.pathway in (None, TRUSTS[episode.provider_code])
            assert found == world.events
            for t in TRUSTS:  # and each trust's look-up finds its own, or nothing
                for ref in REFERENCES:
                    _, episode = service.app.locate(t, ref)
                    assert (episode is not None) == ((t, ref) in world.events)
                    assert episode is None or episode.provider_code == t
        finally:
            runtime.close()
