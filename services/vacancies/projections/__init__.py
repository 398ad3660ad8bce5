"""Read models of the vacancies service, built from its own event log."""
