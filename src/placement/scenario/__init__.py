"""Scenario import and export: a whole world (organisations, schools, clubs, carers with places
and occupancy, children, ties, requests) as one JSON document. Format: docs/scenario.md."""
