"""Published integration-event contracts, one module per publishing service.

Importing this package registers every contract with `events.registry`.
"""

from events.contracts import discharge, vacancies

__all__ = ["discharge", "vacancies"]
