"""Read models of the discharge service: all rebuilt from the event log on demand."""
