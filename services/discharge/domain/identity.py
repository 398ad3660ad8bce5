"""An episode's identity: the trust that admitted it and the trust's own reference for it.

A visit number or tracker row id is unique only inside one trust, so the id is derived from
both (uuid5: a retry, a re-import or a replay finds the same episode). Stores written before
this rule hold episodes under uuid5 of the reference alone (`legacy_episode_id`); those ids
stay as they are, and `Episodes.locate` finds them (docs/episode-identity.md).
"""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("5d0c7c1e-8a8f-4e55-9f0e-3c7b2d1a9e41")


def trust_of(provider_code: str) -> str:
    """An ODS code as the episode keeps it."""
    return provider_code.strip().upper()


def episode_id_for(provider_code: str, reference: str) -> uuid.UUID:
    """The id of the trust's episode `reference`. An ODS code has no space, so the key
    `TRUST reference` cannot be read as another trust's."""
    return uuid.uuid5(NAMESPACE, f"{trust_of(provider_code)} {reference.strip()}")


def legacy_episode_id(reference: str) -> uuid.UUID:
    """The id the same episode had before: of the reference alone. Only ever looked up."""
    return uuid.uuid5(NAMESPACE, reference.strip())
