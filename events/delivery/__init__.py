"""Getting integration events from one service's outbox to another service's handlers,
at least once and in order per key; handlers make the effect exactly once by tracking
the upstream position atomically with what they write."""
