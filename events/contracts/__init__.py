"""Published integration-event contracts, one module per publishing service (the vacancies
service publishes its home care agencies in `homecare`).

Importing this package registers every contract with `events.registry`.
"""

from events.contracts import broker, discharge, homecare, vacancies

__all__ = ["broker", "discharge", "homecare", "vacancies"]
