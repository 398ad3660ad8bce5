"""Which of several open blockers the official returns report, one per midnight.

A delay usually has several causes; the national returns take one reason. The rule is
configurable (settings `primary_reason_rule`):

- `latest` (default): the reason recorded most recently, i.e. the current reason of record;
- `earliest`: the longest-standing open blocker;
- `precedence:G,Dii,...`: the first code in that list among the open ones, then `latest`.

Only blockers in the return's own vocabulary are candidates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from services.discharge.domain.errors import InvalidInput


@dataclass(frozen=True)
class OpenBlocker:
    blocker_id: str
    vocabulary: str
    code: str
    agency: str | None
    owner_org: str
    owner_team: str
    opened_at: datetime
    seq: int


@dataclass(frozen=True)
class PrimaryRule:
    kind: str = "latest"
    precedence: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> PrimaryRule:
        kind, _, codes = text.partition(":")
        if kind not in ("latest", "earliest", "precedence"):
            raise InvalidInput("primary_reason_rule", "latest, earliest or precedence:<codes>")
        return cls(kind, tuple(c.strip() for c in codes.split(",") if c.strip()))

    def choose(self, blockers: Iterable[OpenBlocker], vocabulary: str) -> OpenBlocker | None:
        candidates = [b for b in blockers if b.vocabulary == vocabulary]
        if not candidates:
            return None
        if self.kind == "earliest":
            return min(candidates, key=lambda b: (b.opened_at, b.seq))
        if self.kind == "precedence":
            for code in self.precedence:
                ranked = [b for b in candidates if b.code == code]
                if ranked:
                    return max(ranked, key=lambda b: (b.opened_at, b.seq))
        return max(candidates, key=lambda b: (b.opened_at, b.seq))
