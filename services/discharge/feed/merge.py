"""A40, merge patient: the trust's EPR found two records of one person and kept one. Every
stay this trust's feed recorded for the prior patient (MRG-1: by hospital number or NHS
number, services/discharge/feed/patients.py) is relabelled as the surviving patient's
(PID-3) by an event in the episode (`PatientMerged`); its history is not edited.

AE (kept with the refused messages) when the message lacks what a merge needs, or when no
stay of the prior patient is known: nothing to merge is worth a person's look, since the
stays of the prior record would otherwise keep a patient the EPR no longer has.
"""

from __future__ import annotations

import hl7

from services.discharge.application import Episodes, occurred
from services.discharge.feed.adt import Header, Refused
from services.discharge.feed.mapping import TrustMapping
from services.discharge.feed.patient import merge
from services.discharge.feed.patients import PatientIndex


class Merges:
    def __init__(
        self, episodes: Episodes, index: PatientIndex, trust: str, mapping: TrustMapping
    ) -> None:
        self.episodes, self.index, self.trust, self.mapping = episodes, index, trust, mapping

    def apply(self, message: hl7.Message, head: Header, command_id: str) -> str:
        what = merge(message, head, self.mapping)
        stays = []
        for reference in self.index.stays_of(self.trust, what.prior.keys()):
            _, episode = self.episodes.locate(self.trust, reference)
            if episode is not None:
                stays.append((reference, episode))
        if not stays:
            # the reason is kept and logged in clear: the hospital number, never the NHS number
            number = what.prior.hospital_number
            prior = f"hospital number {number}" if number else "its NHS number"
            raise Refused("AE", "MRG-1", f"no stay of the prior patient ({prior}) to merge", "204")
        for reference, episode in stays:
            self.episodes.feed_command(
                episode.id,
                "merge_patient",
                hospital_number=what.surviving.hospital_number,
                nhs_number=what.surviving.nhs_number,
                prior_hospital_number=what.prior.hospital_number,
                prior_nhs_number=what.prior.nhs_number,
                occurred_at=occurred(what.at),
                # one command per stay: a crash halfway and the message resent relabels the
                # rest, and none twice
                command_id=f"{command_id} {reference}",
            )
        # the survivor's own later messages, and a later merge of the survivor, find them
        self.index.note(self.trust, what.surviving.keys(), [r for r, _ in stays])
        return "applied"
