"""The three Carebridge services. Each is its own package and never imports another."""
