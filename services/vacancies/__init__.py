"""The vacancies service: care homes report free beds; councils and hospitals find them."""
