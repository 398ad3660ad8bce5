"""What an audit row may hold: bounded text, no token, no NHS number.

The ids a route passes are uuids, but the audit defends itself: an id that holds something
shaped like an NHS number (ten digits, 3-3-4 spacing allowed) is not stored, a query value
shaped like one or like a bearer token is replaced, and a query parameter named like a
credential is kept by name only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode

from events.bounds.codes import NHS_IN_TEXT

MAX_TEXT = 200  # subject, route, user agent
MAX_QUERY = 500
MAX_IDS = 1000  # ids kept per read; `rows` still counts them all
MAX_ID = 64
REDACTED = "[redacted]"

_JWT_LIKE = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.?[A-Za-z0-9_-]*")
_BEARER = re.compile(r"(?i)bearer\s+\S+")
_SECRET_NAMES = re.compile(r"(?i)token|jwt|auth|secret|password|csrf|key|session|cookie")


def scrubbed(text: str | None, limit: int = MAX_TEXT) -> str:
    """`text` on one line, tokens and NHS-number-shaped digits replaced, at most `limit`."""
    if not text:
        return ""
    text = re.sub(r"[\x00-\x1f\x7f]", " ", text)
    for pattern in (_BEARER, _JWT_LIKE, NHS_IN_TEXT):
        text = pattern.sub(REDACTED, text)
    return text[:limit]


def looks_personal(value: str) -> bool:
    """True for a value the audit must not keep: an NHS number's shape or a token's."""
    return bool(NHS_IN_TEXT.search(value) or _JWT_LIKE.search(value) or _BEARER.search(value))


def safe_ids(ids: Iterable[object]) -> tuple[str, ...]:
    """The ids to store: each as text, bounded, none that looks personal, no repeats, at most
    MAX_IDS of them, in the order given."""
    kept: dict[str, None] = {}
    for each in ids:
        text = str(each).strip()
        if not text or len(text) > MAX_ID or looks_personal(text):
            continue
        kept.setdefault(text, None)
        if len(kept) >= MAX_IDS:
            break
    return tuple(kept)


def safe_query(query: str | None) -> str:
    """The query string with credentials kept by name only and personal values replaced."""
    if not query:
        return ""
    pairs = []
    for name, value in parse_qsl(query, keep_blank_values=True):
        if _SECRET_NAMES.search(name):
            pairs.append((scrubbed(name, 40), REDACTED))
        else:
            pairs.append((scrubbed(name, 40), scrubbed(value, MAX_TEXT)))
    return urlencode(pairs, safe="[]:,")[:MAX_QUERY]
