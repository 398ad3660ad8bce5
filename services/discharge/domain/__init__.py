"""The discharge service's pure domain: episodes, the national vocabularies and counting rules."""
