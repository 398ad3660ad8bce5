"""The published contracts: every saved example of every version ever published still parses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import events.contracts  # noqa: F401
from events.registry import Payload, all_contracts, contract, upcaster
from events.schemas import write_schemas
from events.serialisation import UnreadableMessage, decode, encode

EXAMPLES = Path(__file__).parents[2] / "events" / "examples"


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.json"))


def test_every_published_version_has_a_saved_example() -> None:
    saved = {p.name.removesuffix(".json") for p in example_files()}
    published = {f"{t}.v{v}" for t, v in all_contracts()}
    assert published - saved == set(), "save an example of each new version in events/examples"


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_saved_example_still_parses(path: Path) -> None:
    message = decode(path.read_bytes())
    name = path.name.removesuffix(".json")
    assert name.startswith(message.envelope.event_type)
    # Round trip: what we decode we can publish again unchanged.
    again = decode(encode(message.envelope))
    assert again.payload == message.payload


def test_a_message_with_an_unknown_type_is_unreadable() -> None:
    raw = json.loads(example_files()[0].read_text())
    raw["event_type"] = "vacancies.NoSuchThing"
    with pytest.raises(UnreadableMessage, match="NoSuchThing"):
        decode(json.dumps(raw))


def test_a_payload_breaking_its_contract_is_unreadable() -> None:
    raw = json.loads((EXAMPLES / "vacancies.VacanciesReported.v1.json").read_text())
    raw["payload"]["free_beds"] = {"nursing-dementia": "lots"}
    with pytest.raises(UnreadableMessage, match="free_beds"):
        decode(json.dumps(raw))


def test_unknown_fields_are_ignored_by_a_tolerant_reader() -> None:
    raw = json.loads((EXAMPLES / "vacancies.PlacementsResumed.v1.json").read_text())
    raw["payload"]["added_later"] = 1
    raw["something_new"] = True
    assert decode(json.dumps(raw)).payload.note == "re-inspected"


@pytest.fixture
def scratch_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Contracts registered by a test vanish after it."""
    from events import registry

    for name in ("_contracts", "_latest", "_upcasters"):
        monkeypatch.setattr(registry, name, dict(getattr(registry, name)))


@pytest.mark.usefixtures("scratch_registry")
def test_an_old_version_is_upcast_to_the_latest() -> None:
    @contract
    class Greeted(Payload):
        event_type = "test.Greeted"
        name: str

    @contract
    class GreetedV2(Payload):
        event_type = "test.Greeted"
        schema_version = 2
        first_name: str
        last_name: str

    @upcaster("test.Greeted", 1)
    def split_name(payload: dict) -> dict:  # type: ignore[type-arg]
        first, _, last = payload.pop("name").partition(" ")
        return {**payload, "first_name": first, "last_name": last}

    raw = json.loads((EXAMPLES / "vacancies.PlacementsResumed.v1.json").read_text())
    raw.update(event_type="test.Greeted", schema_version=1, payload={"name": "Ada Lovelace"})
    message = decode(json.dumps(raw))
    assert message.envelope.schema_version == 2
    assert message.payload == GreetedV2(first_name="Ada", last_name="Lovelace")


def test_schemas_are_written_for_every_version(tmp_path: Path) -> None:
    written = write_schemas(tmp_path)
    assert len(written) == len(all_contracts())
    schema = json.loads((tmp_path / "vacancies.VacanciesReported.v1.schema.json").read_text())
    assert "free_beds" in schema["properties"]["payload"]["properties"]
