"""KPIs from the decisions: the Utrecht policy's targets, overrides and proposal load."""
