"""FHIR R4 Encounters in and out (UK Core, with Interweave's "medically safe for discharge"
extension): pure functions between the resources and the episode's commands and state. The
routes are entrypoints/api_fhir.py; docs/feeds.md describes what each element does."""
