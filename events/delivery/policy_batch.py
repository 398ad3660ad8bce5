"""An event-sourced policy fed a poll's batch of one partition at once.

Why not one transaction for the whole batch, as a read model takes it (consumer.py): a
policy's effects are new events of its aggregates in the event store, each saved with its
message's position (tracking.py). One store transaction for a batch would have to hold every
aggregate the batch touched, and when one message fails for a reason of its own, undo its
changes to an aggregate that earlier messages of the same batch had changed too (an
eventsourcing aggregate cannot roll back in memory); a conflict with an API command would
redo the whole batch. So a message that changes something is still saved with its own
position, in its own transaction, exactly once as before.

What the batch shares is the rest:
- one look-up of the stream's tracked position for the batch, instead of one a message;
- one tracking record for the messages that change nothing (on a topic, most of them: every
  type the policy does not act on), instead of a transaction each. The library's tracked
  position covers every lower one of its stream (`has_tracking_id` is "at or below the
  highest"), so a later message's save covers them too, and the batch's last such message is
  recorded at its end. Such a message is one the policy passes by on its type alone, the same
  every time: if the process dies before its position is recorded, it is delivered again and
  passed by again. A decision that looked at state (an unknown episode, say) is saved at
  once, as before, so a redelivery does not decide it afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventsourcing.application import Application

from events.delivery.messages import Delivery
from events.delivery.tracking import save_tracked

# A policy's decision on one message: True when it saved the message's position (with its
# effects, or alone after looking at state), False when it passed the message by on its type
# and left the position to be recorded by whoever comes next.
Act = Callable[[Delivery], bool]


def act_on_batch(app: Application[Any], deliveries: list[Delivery], act: Act) -> None:
    """`act` on each delivery whose position is new, in order; then record the position of
    the last one that nothing recorded."""
    recorder: Any = app.recorder  # a process recorder: it tracks positions
    reached = {s: recorder.max_tracking_id(s) or 0 for s in sorted({d.stream for d in deliveries})}
    unrecorded: dict[str, Delivery] = {}
    for delivery in deliveries:
        stream = delivery.stream
        if delivery.position <= reached[stream]:
            continue  # redelivered: already dealt with
        reached[stream] = delivery.position
        if act(delivery):
            unrecorded.pop(stream, None)
        else:
            unrecorded[stream] = delivery
    for delivery in unrecorded.values():
        save_tracked(app, delivery)


def act_on_one(app: Application[Any], delivery: Delivery, act: Act) -> None:
    """One delivery as a batch of its own (a retried letter, a single message)."""
    act_on_batch(app, [delivery], act)
