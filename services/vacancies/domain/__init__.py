"""The vacancies service's domain: care homes, their beds and the holds on them. Pure."""
