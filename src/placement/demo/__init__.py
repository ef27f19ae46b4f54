"""Deterministic, clearly fictional demo data: a scenario document for Utrecht or the whole
country, and the loader that fills an empty database on the first `make run`."""
