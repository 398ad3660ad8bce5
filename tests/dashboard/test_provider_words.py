"""The provider's pages show words for every code the brokerage may send them: a new decline
reason, funding route, urgency or assessor without words fails here, not on a person's screen."""

from __future__ import annotations

from events.reference.icbs import names_by_kind
from services.broker.domain.vocabulary import (
    CARE_CATEGORIES,
    REGISTRATIONS,
    SPECIALISMS,
    Assessor,
    Funding,
    ReferralDecline,
    Urgency,
)
from services.dashboard.pages.provider_kit import words


def test_every_code_has_its_words() -> None:
    said = words()
    assert set(said["decline"]) == {c.value for c in ReferralDecline}
    assert set(said["funding"]) == {c.value for c in Funding}
    assert set(said["urgency"]) == {c.value for c in Urgency}
    assert set(said["assessor"]) == {c.value for c in Assessor}
    assert set(said["registration"]) == set(REGISTRATIONS)
    assert set(said["category"]) == set(CARE_CATEGORIES)
    assert set(said["specialism"]) == set(SPECIALISMS)
    shown_alone = [kind for name, kind in said.items() if name != "suspension"]  # in a sentence
    assert all(text and text[0].isupper() for kind in shown_alone for text in kind.values())


def test_councils_are_named_from_the_reference_table() -> None:
    names = names_by_kind()["council"]
    assert names["E08000014"] == "Sefton"
    assert all(code.startswith(("E", "W", "S", "N")) and name for code, name in names.items())
