"""Published integration-event contracts, one module per publishing service (the vacancies
service publishes its home care agencies in `homecare`, the broker its package requests in
`packages`).

Importing this package registers every contract with `events.registry`.
"""

from events.contracts import broker, discharge, homecare, packages, vacancies

__all__ = ["broker", "discharge", "homecare", "packages", "vacancies"]
