"""The NCTR reason of a delay: the England acute discharge SitRep reason (2022 specification)
that the escalation call groups by, whichever vocabulary the ward or the broker recorded in.

A SitRep reason recorded on the episode is the answer (chosen among several by the same rule
as the returns); without one, the DTOC reason of record is read through
`reference/dtoc_to_sitrep.json`, so the broker's package and placement stages, which set DTOC
reasons, show as P1 or P3 without anyone recording them twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from services.discharge.domain.primary_reason import OpenBlocker, PrimaryRule
from services.discharge.domain.vocabulary import REASONS, Vocabulary


def parse_dtoc_to_sitrep(mapping: Mapping[str, str]) -> dict[str, str]:
    """The mapping without its `_` keys, refusing a code neither vocabulary knows."""
    out: dict[str, str] = {}
    for dtoc, sitrep in mapping.items():
        if dtoc.startswith("_"):
            continue
        if dtoc not in REASONS[Vocabulary.DTOC]:
            raise ValueError(f"{dtoc!r} is not an England DTOC reason code")
        if sitrep not in REASONS[Vocabulary.SITREP]:
            raise ValueError(f"{dtoc}: {sitrep!r} is not an acute SitRep reason code")
        out[dtoc] = sitrep
    return out


def nctr_reason(
    blockers: Iterable[OpenBlocker], rule: PrimaryRule, dtoc_to_sitrep: Mapping[str, str]
) -> str | None:
    """The SitRep reason recorded, else the DTOC reason of record mapped, else None."""
    open_now = list(blockers)
    recorded = rule.choose(open_now, Vocabulary.SITREP.value)
    if recorded is not None:
        return recorded.code
    england = rule.choose(open_now, Vocabulary.DTOC.value)
    return dtoc_to_sitrep.get(england.code) if england is not None else None
