"""Words the pages show instead of codes: the national delay reasons' titles."""

from __future__ import annotations

from services.discharge.domain.vocabulary import DTOC_REASONS

REASONS = {r.code: r.title for r in DTOC_REASONS}
