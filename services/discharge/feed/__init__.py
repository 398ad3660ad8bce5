"""The hospital feed: HL7 v2 ADT over MLLP from a trust's integration engine.

Adapters at the edge (`listener`, `mllp`, `store`, `cli`), the message read into commands by
pure functions (`fields`, `mapping`, `adt`, `ack`), applied to the episodes by `apply`.
"""
