"""Reference data shipped with the code: tables of real organisations (docs/reference-data.md)."""
