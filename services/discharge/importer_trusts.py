"""Which trust each tracker row belongs to: the importer binds a row to its trust's episode
(docs/episode-identity.md), never to another trust's episode of the same reference.

A row that names its trust (`provider_code`) belongs to it. A row that names none (a tracker
fills the trust in on the admitted row only) belongs to the trust this file admits its
reference for; else to the one trust the file names (or the one the import is run for,
`--trust`); else to the one trust the store holds the reference for. Where that is more than
one trust the row is refused: naming the trust is the only safe reading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from eventsourcing.utils import get_topic

from events.bounds import OdsCode
from events.bounds.check import OutOfBounds, bounded
from events.platform.errors import InvalidInput
from services.discharge.application import Episodes
from services.discharge.domain.episode import Episode
from services.discharge.domain.identity import trust_of

_PAGE = 5_000


def _code(cell: str | None) -> str | None:
    """The cell's trust, or None when it names none or not a valid ODS code (that row is
    refused on its own account)."""
    if not (cell or "").strip():
        return None
    try:
        return trust_of(str(bounded(OdsCode, (cell or "").strip())))
    except OutOfBounds:
        return None


class FileTrusts:
    """What one file says about trusts: who admits each reference, and every trust named."""

    def __init__(
        self,
        records: Iterable[tuple[int, dict[str, str]]],
        trust: str | None,
        held_by: Callable[[str], set[str]],
    ) -> None:
        self.trust = trust_of(trust) if trust else None
        self.admitted: dict[str, dict[str, int]] = {}  # reference -> trust -> line
        self.named: set[str] = set()
        self._held_by = held_by
        for line, record in records:
            code = _code(record.get("provider_code"))
            if code is None:
                continue
            self.named.add(code)
            if record.get("event", "").strip().lower() == "admitted":
                reference = (record.get("episode_id") or "").strip()
                self.admitted.setdefault(reference, {}).setdefault(code, line)

    def of(self, reference: str, named: str) -> str | None:
        """The trust of a row of `reference` naming `named` ("" for none); None when no
        trust holds the reference (the row's episode was never admitted)."""
        if named:
            trust = trust_of(named)
            if self.trust is not None and trust != self.trust:
                raise InvalidInput(
                    "provider_code", f"is not {self.trust}, the trust this file is imported for"
                )
            return trust
        if self.trust is not None:
            return self.trust
        admitting = self.admitted.get(reference, {})
        if len(admitting) == 1:
            return next(iter(admitting))
        if admitting:
            raise InvalidInput("provider_code", _several(reference, admitting, "this file"))
        if len(self.named) == 1:
            return next(iter(self.named))
        holders = self._held_by(reference)
        if len(holders) == 1:
            return next(iter(holders))
        if holders:
            raise InvalidInput("provider_code", _several(reference, holders, "the store"))
        return None

    def mismatch(self, reference: str, trust: str) -> str | None:
        """Why a row of `trust` cannot be the episode this file admits `reference` for: the
        file admits it for other trusts only. None when that is not the case."""
        admitting = self.admitted.get(reference, {})
        if not admitting or trust in admitting:
            return None
        others = ", ".join(f"{t} (line {line})" for t, line in sorted(admitting.items()))
        return f"is not the trust of episode {reference!r}, admitted in this file by {others}"


def _several(reference: str, trusts: Iterable[str], where: str) -> str:
    return (
        f"{reference!r} is admitted by several trusts in {where} ({', '.join(sorted(trusts))}): "
        "the row must name its provider_code"
    )


class StoreHolders:
    """Which trusts the store holds each reference for, read from the admissions once, and
    only when a file names no trust at all (an older follow-up file of steps)."""

    def __init__(self, app: Episodes) -> None:
        self.app = app
        self._holders: dict[str, set[str]] | None = None

    def __call__(self, reference: str) -> set[str]:
        if self._holders is None:
            self._holders = self._read()
        return self._holders.get(reference.strip(), set())

    def _read(self) -> dict[str, set[str]]:
        holders: dict[str, set[str]] = {}
        topic = get_topic(Episode.Admitted)  # type: ignore[attr-defined]
        start: int | None = None
        while True:
            page = self.app.recorder.select_notifications(
                start, _PAGE, topics=[topic], inclusive_of_start=start is None
            )
            for notification in page:
                admitted = self.app.mapper.to_domain_event(notification)
                holders.setdefault(admitted.reference, set()).add(admitted.provider_code)  # type: ignore[attr-defined]
            if len(page) < _PAGE:
                return holders
            start = page[-1].id
