"""What happens next in the borough: tasks in time order.

Ties are broken by the order tasks were scheduled, so a run is the same every time. A
follow-up (`after`) comes at least an hour later: people take time, and a live run's
background loops have delivered what the first task caused by then.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

Action = Callable[[datetime], None]
LATER = timedelta(hours=1)


@dataclass(order=True)
class Task:
    at: datetime
    seq: int
    action: Action = field(compare=False)


class Agenda:
    def __init__(self) -> None:
        self._heap: list[Task] = []
        self._seq = 0

    def at(self, when: datetime, action: Action) -> None:
        self._seq += 1
        heapq.heappush(self._heap, Task(when, self._seq, action))

    def after(self, now: datetime, delay: timedelta, action: Action) -> None:
        """`delay` after `now`, and never sooner than the next hour's exchange of events."""
        self.at(now + max(delay, LATER), action)

    def pop_due(self, until: datetime) -> Task | None:
        if self._heap and self._heap[0].at <= until:
            return heapq.heappop(self._heap)
        return None

    def __len__(self) -> int:
        return len(self._heap)
