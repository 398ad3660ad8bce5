"""ADT messages built as a trust's engine would send them, for the property tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

START = datetime(2024, 1, 8, 9, 0)  # UK local time, as engines send it (GMT in January)


def stamp(at: datetime) -> str:
    return at.strftime("%Y%m%d%H%M")


@dataclass(frozen=True)
class Adt:
    event: str
    reference: str
    control_id: str
    at: datetime
    admitted: datetime
    ward: str = "AMU"

    def text(self) -> str:
        pv1 = [""] * 46
        pv1[1], pv1[2], pv1[3] = "1", "I", f"{self.ward}^^^RX1SITE"
        pv1[19] = f"{self.reference}^^^VISITID"
        pv1[44] = stamp(self.admitted)
        if self.event == "A03":
            pv1[36], pv1[45] = "19", stamp(self.at)
        return "\r".join(
            [
                f"MSH|^~\\&|PAS|FAC|||{stamp(self.at)}||ADT^{self.event}|{self.control_id}|P|2.4",
                f"EVN|{self.event}|{stamp(self.at)}||||{stamp(self.at)}",
                f"PID|1||M{self.reference}^^^MRN~9434765919^^^NHS^NH||DOE^JANE",
                "PV1|" + "|".join(pv1[1:]),
            ]
        )


def story(reference: str, steps: list[str]) -> list[Adt]:
    """A stay's messages from step names (admit, move, update, discharge, cancel_discharge,
    cancel_move, cancel_admit), keeping only those that make sense where they fall."""
    messages: list[Adt] = []
    at = START
    admitted = at
    state = {"open": False, "ended": False, "moves": 0, "withdrawn": False}
    ward = 0

    def add(event: str, **kw: object) -> None:
        cid = f"{reference}-{len(messages)}"
        messages.append(Adt(event, reference, cid, at, admitted, f"W{ward}", **kw))  # type: ignore[arg-type]

    for step in ["admit", *steps]:
        at += timedelta(minutes=37)
        if step == "admit" and (not state["open"] or state["withdrawn"]):
            admitted = at
            state.update(open=True, ended=False, moves=0, withdrawn=False)
            add("A01")
        elif not state["open"] or state["withdrawn"]:
            continue
        elif step == "move" and not state["ended"]:
            ward += 1
            state["moves"] += 1
            add("A02")
        elif step == "update" and not state["ended"]:
            add("A08")
        elif step == "discharge" and not state["ended"]:
            state["ended"] = True
            add("A03")
        elif step == "cancel_discharge" and state["ended"]:
            state["ended"] = False
            add("A13")
        elif step == "cancel_move" and state["moves"] and not state["ended"]:
            state["moves"] -= 1
            ward -= 1
            add("A12")
        elif step == "cancel_admit" and not state["ended"]:
            state["withdrawn"] = True
            add("A11")
    return messages
