"""What the three services share besides the contracts: settings, event-store and
read-model wiring, tokens and the HTTP error shape. Pure plumbing, no domain."""
