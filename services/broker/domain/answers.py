"""Answers to what the broker asks: yes, or no with a coded reason.

A care home answers a referral, a family answers an offered bed, and a home care agency will
answer an offered package the same way: each kind of answer keeps its own list of codes
(an enum of the vocabulary), read by the same rules here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from services.broker.domain.vocabulary import parse


def coded(codes: type[StrEnum], reason: str | None, field: str = "reason") -> str:
    """The code of a reason given as one of `codes`; anything else (no reason at all
    included) is invalid input naming the field."""
    return parse(codes, reason or "", field).value


@dataclass(frozen=True)
class Answer:
    """A yes, or a no with the code of its reason."""

    accept: bool
    reason: str | None = None

    @classmethod
    def read(cls, accept: bool, reason: str | None, declines: type[StrEnum]) -> Answer:
        """A yes needs no reason; a no needs one of `declines`."""
        return cls(True) if accept else cls(False, coded(declines, reason))

    @staticmethod
    def repeats(status: str, decline_reason: str | None, accept: bool, reason: str | None) -> bool:
        """Whether an answer was given already, as a retried command sends it again: the
        same yes, or a no for the same reason."""
        if accept:
            return status == "accepted"
        return status == "declined" and decline_reason == reason
