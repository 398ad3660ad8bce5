"""Topic names. One topic per publishing aggregate type; the message key is the aggregate id,
so every event of one aggregate lands in one partition and stays in order."""

from __future__ import annotations

CARE_HOMES = "carebridge.vacancies.care-homes"
AGENCIES = "carebridge.vacancies.agencies"  # home care agencies and their capacity
EPISODES = "carebridge.discharge.episodes"
PLACEMENTS = "carebridge.broker.placements"

ALL = (CARE_HOMES, AGENCIES, EPISODES, PLACEMENTS)

# Partitions are fixed when a topic is created: per-key order and the consumers' tracking
# (upstream position per partition) rely on a key always mapping to the same partition.
PARTITIONS = 4


def named(topic: str, prefix: str = "") -> str:
    """The real topic name under an optional prefix (test runs and tenants use one)."""
    return f"{prefix}{topic}" if prefix else topic
