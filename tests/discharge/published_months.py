"""Turn a published DTOC month (delayed days by reason and by agency for one LA) into patient
journeys in the tracker import format, varied the way real ones are: delays that start in the
previous month or run into the next, deteriorations, reason changes mid-delay, patients who
are never delayed, and patients who die."""

from __future__ import annotations

import csv
import itertools
from collections import deque
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from services.discharge.domain.calendar import month_bounds
from services.discharge.domain.vocabulary import DTOC_REASONS

SAMPLE = Path("/work/shared/data/dtoc-published-sample.csv")
HERE_SAMPLE = Path(__file__).parent / "dtoc-published-sample.csv"
REASONS = [r.code for r in DTOC_REASONS]
AGENCIES = ["NHS", "Social Care", "Both"]
ALLOWED = {r.code: sorted(a.value for a in r.agencies) for r in DTOC_REASONS}
COLUMNS = [
    "episode_id", "at", "event", "provider_code", "provider_name", "la_code", "la_name",
    "care_type", "reason_code", "agency", "pathway", "destination",
]  # fmt: skip


@dataclass(frozen=True)
class PublishedRow:
    month: str
    la_code: str
    la_name: str
    by_reason: dict[str, int]
    by_agency: dict[str, int]
    total: int


def published_rows() -> list[PublishedRow]:
    path = HERE_SAMPLE if HERE_SAMPLE.exists() else SAMPLE
    with path.open() as handle:
        return [
            PublishedRow(
                r["month"],
                r["la_code"],
                r["la_name"],
                {c: int(r[c]) for c in REASONS},
                {a: int(r[a]) for a in AGENCIES},
                int(r["Total"]),
            )
            for r in csv.DictReader(handle)
        ]


def cross_tab(row: PublishedRow) -> dict[tuple[str, str], int]:
    """Reason x agency counts that add up to both published margins using allowed pairs only:
    a maximum flow source -> reason -> allowed agency -> sink (Edmonds-Karp; a tiny graph)."""
    cap: dict[str, dict[str, int]] = {"S": {}, "T": {}}
    big = row.total + 1

    def edge(a: str, b: str, c: int) -> None:
        cap.setdefault(a, {})[b] = cap.get(a, {}).get(b, 0) + c
        cap.setdefault(b, {}).setdefault(a, 0)

    for r in REASONS:
        edge("S", "r" + r, row.by_reason[r])
        for a in ALLOWED[r]:
            edge("r" + r, "a" + a, big)
    for a in AGENCIES:
        edge("a" + a, "T", row.by_agency[a])
    while True:
        parent: dict[str, str] = {"S": "S"}
        queue = deque(["S"])
        while queue and "T" not in parent:
            node = queue.popleft()
            for nxt, c in cap[node].items():
                if c > 0 and nxt not in parent:
                    parent[nxt] = node
                    queue.append(nxt)
        if "T" not in parent:
            break
        path = ["T"]
        while path[-1] != "S":
            path.append(parent[path[-1]])
        path.reverse()
        amount = min(cap[a][b] for a, b in itertools.pairwise(path))
        for a, b in itertools.pairwise(path):
            cap[a][b] -= amount
            cap[b][a] += amount
    flows = {(r, a): cap["a" + a]["r" + r] for r in REASONS for a in ALLOWED[r]}
    assert sum(flows.values()) == row.total, "the published margins cannot be met"
    return {k: v for k, v in flows.items() if v}


CHUNKS = (1, 2, 3, 5, 8, 13, 20, 4, 6, 10, 15, 7)


def _split(n: int) -> list[int]:
    out, sizes = [], itertools.cycle(CHUNKS)
    while n:
        size = min(next(sizes), n)
        out.append(size)
        n -= size
    return out


def journeys(
    row: PublishedRow, providers: tuple[str, ...] = ("RX1", "RX2")
) -> list[dict[str, str]]:
    """Tracker rows whose delayed days in `row.month` are exactly the published row."""
    first, last = month_bounds(row.month)
    span = (last - first).days + 1
    out: list[dict[str, str]] = []
    counter = itertools.count()

    def emit(ep: str, day: date, time: str, event: str, **cells: str) -> None:
        out.append(
            {c: "" for c in COLUMNS}
            | {"episode_id": ep, "at": f"{day} {time}", "event": event}
            | cells
        )

    def admit(ep: str, day: date, i: int) -> None:
        provider = providers[i % len(providers)]
        emit(
            ep, day, "08:00", "admitted", provider_code=provider, provider_name=f"Trust {provider}",
            la_code=row.la_code, la_name=row.la_name, care_type=("acute", "non-acute")[i % 2],
        )  # fmt: skip

    for (reason, agency), n in sorted(cross_tab(row).items()):
        for d in _split(n):
            i = next(counter)
            ep = f"{row.month}-{row.la_code}-{i}"
            why = {"reason_code": reason, "agency": agency}
            pattern = i % 6 if d >= 2 else i % 3
            if pattern == 0:  # a delay inside the month
                s = first + timedelta(days=(i * 7) % (span - d))
                admit(ep, s - timedelta(days=3), i)
                emit(ep, s, "10:00", "ready", pathway="P1", **why)
                emit(ep, s + timedelta(days=d), "11:00", "discharged", destination="home")
            elif pattern == 1:  # began last month
                admit(ep, first - timedelta(days=9), i)
                emit(ep, first - timedelta(days=3), "10:00", "ready", pathway="P3", **why)
                emit(ep, first + timedelta(days=d), "15:30", "discharged", destination="care home")
            elif pattern == 2:  # runs into next month
                s = last - timedelta(days=d - 1)
                admit(ep, s - timedelta(days=1), i)
                emit(ep, s, "23:00", "ready", pathway="P2", **why)
                emit(ep, last + timedelta(days=4), "10:00", "discharged", destination="rehab")
            elif pattern == 3:  # deteriorated half way, ready again two days later
                s = first + timedelta(days=(i * 5) % (span - d - 2))
                a = d // 2
                admit(ep, s - timedelta(days=2), i)
                emit(ep, s, "09:00", "ready", pathway="P1", **why)
                emit(ep, s + timedelta(days=a), "14:00", "not_ready")
                emit(ep, s + timedelta(days=a + 2), "09:00", "ready", pathway="P1")
                emit(ep, s + timedelta(days=d + 2), "12:00", "discharged", destination="home")
            elif pattern == 4:  # another reason until the first morning of the month
                admit(ep, first - timedelta(days=6), i)
                emit(ep, first - timedelta(days=2), "10:00", "ready", reason_code="G", agency="NHS")
                emit(ep, first, "09:00", "reason", **why)
                emit(ep, first + timedelta(days=d), "10:00", "discharged", destination="home")
            else:  # died while delayed
                s = first + timedelta(days=(i * 3) % (span - d))
                admit(ep, s, i)
                emit(ep, s, "16:00", "ready", **why)
                emit(ep, s + timedelta(days=d), "04:00", "died")
    # patients who are never delayed in the month
    for j in range(5):
        ep = f"{row.month}-{row.la_code}-x{j}"
        admit(ep, first + timedelta(days=j), j)
        if j % 2:
            emit(ep, first + timedelta(days=j + 2), "09:00", "ready", reason_code="A", agency="NHS")
        emit(ep, first + timedelta(days=j + 2), "17:00", "discharged", destination="home")
    return out


def write_tracker(path: Path, tracker_rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(tracker_rows)
    return path
