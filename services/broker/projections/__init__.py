"""Read models of the broker service: all rebuilt from events on demand."""
