"""Leads: from first interest (aanmelding) to an approved carer: intake, stages, approval,
follow-up tasks, duplicates, the CSV import and privacy."""
