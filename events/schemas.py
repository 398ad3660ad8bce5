"""JSON Schemas of every published event version, for consumers outside Python."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from events.envelope import Envelope
from events.registry import all_contracts


def schema_for(event_type: str, version: int, payload_schema: dict[str, Any]) -> dict[str, Any]:
    schema = Envelope.model_json_schema()
    schema["title"] = f"{event_type} v{version}"
    schema["properties"]["event_type"] = {"const": event_type, "type": "string"}
    schema["properties"]["schema_version"] = {"const": version, "type": "integer"}
    defs = {**schema.pop("$defs", {}), **payload_schema.pop("$defs", {})}
    schema["properties"]["payload"] = payload_schema
    if defs:
        schema["$defs"] = defs
    return schema


def write_schemas(out_dir: Path) -> list[Path]:
    import events.contracts  # noqa: F401  (registers every contract)

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for (event_type, version), payload in sorted(all_contracts().items()):
        path = out_dir / f"{event_type}.v{version}.schema.json"
        path.write_text(
            json.dumps(schema_for(event_type, version, payload.model_json_schema()), indent=2)
            + "\n"
        )
        written.append(path)
    return written
