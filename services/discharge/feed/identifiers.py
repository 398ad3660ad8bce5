"""A patient identifier list (HL7 CX, repeating: PID-3, MRG-1) read by the trust's mapping.

It holds the NHS number (by its type, CX.5, or assigning authority, CX.4, as the mapping
says) beside the trust's own hospital number (the MRN): the first other identifier, or the
first of the assigning authorities the mapping names in `hospital_authorities`.
"""

from __future__ import annotations

from collections.abc import Iterable

from events.bounds import check_nhs_number
from services.discharge.feed.mapping import TrustMapping


def is_nhs(parts: list[str], mapping: TrustMapping) -> bool:
    authority, kind = parts[3].upper(), parts[4].upper()
    return kind in mapping.nhs_types or authority in mapping.nhs_authorities


def nhs_number(
    ids: Iterable[list[str]], mapping: TrustMapping, field: str
) -> tuple[str | None, str]:
    """The checked NHS number of the list, with a warning when one failed its check digit
    (it is left out: the message is still applied)."""
    for parts in ids:
        if is_nhs(parts, mapping):
            try:
                return check_nhs_number(parts[0]), ""
            except ValueError as exc:
                return None, f"{field}: NHS number left out: {exc}"
    return None, ""


def hospital_number(ids: Iterable[list[str]], mapping: TrustMapping) -> str:
    """The trust's own number of the patient, or '' when the list holds none."""
    wanted = mapping.hospital_authorities
    for parts in ids:
        if not parts[0] or is_nhs(parts, mapping):
            continue
        if not wanted or parts[3].upper() in wanted:
            return parts[0][:64]
    return ""
