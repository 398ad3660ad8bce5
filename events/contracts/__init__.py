"""Published integration-event contracts, one module per publishing service.

Importing this package registers every contract with `events.registry`.
"""

from events.contracts import broker, discharge, vacancies

__all__ = ["broker", "discharge", "vacancies"]
